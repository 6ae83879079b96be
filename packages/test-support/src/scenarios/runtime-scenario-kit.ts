import {
  InMemoryCommandRegistry,
  InMemoryDefinitionRegistry,
  InMemoryGuardRegistry,
  WorkflowCompiler,
  WorkflowRuntime,
  WorkflowValidator,
  type CommandResult,
  type StateEnterEvent,
  type WorkflowDefinition,
  type WorkflowExecutionContext,
  type WorkflowPersistenceProvider,
  type WorkflowRuntime as Runtime,
  type WorkflowRuntimeOptions,
} from "@duraflows/core";
import { SimulatedClock } from "@duraflows/core/testing";
import { afterEach, beforeEach } from "vitest";

/** Harness of `runRuntimeScenarios`: a fresh provider over empty storage per scenario, and its teardown. */
export interface RuntimeScenarioHarness {
  setup(): Promise<{ provider: WorkflowPersistenceProvider; teardown(): Promise<void> }>;
  /** Runtime options every scenario's runtime gets (a scenario's own options win), e.g. an opt-in mode. */
  runtimeOptions?: Partial<WorkflowRuntimeOptions>;
}

/** A command behaviour used by scenario workflows. */
export type ScenarioBehaviour = (
  subject: unknown,
  ctx: WorkflowExecutionContext,
) => CommandResult | Promise<CommandResult>;

/** What one scenario builds on: a runtime over the harness provider with recording registries. */
export interface ScenarioRuntime {
  runtime: Runtime;
  clock: SimulatedClock;
  events: StateEnterEvent[];
  calls: string[];
  /** Replaces the behaviour of a registered command. */
  behave(name: string, behaviour: ScenarioBehaviour): void;
}

/** Options of {@link ScenarioContext.build}. */
export interface BuildOptions {
  definitions: WorkflowDefinition[];
  commands?: string[];
  guards?: Record<string, (subject: unknown, ctx: WorkflowExecutionContext) => boolean>;
  clock?: SimulatedClock;
  runtime?: Partial<WorkflowRuntimeOptions>;
}

/** Per-test access to the harness provider. */
export interface ScenarioContext {
  provider(): WorkflowPersistenceProvider;
  build(options: BuildOptions): ScenarioRuntime;
}

/** Registers setup/teardown hooks in the current describe block and returns the per-test context. */
export function useScenarioContext(harness: RuntimeScenarioHarness): ScenarioContext {
  let provider: WorkflowPersistenceProvider | undefined;
  let teardown: (() => Promise<void>) | undefined;
  beforeEach(async () => {
    const fixture = await harness.setup();
    provider = fixture.provider;
    teardown = fixture.teardown;
  });
  afterEach(async () => {
    await teardown?.();
    teardown = undefined;
    provider = undefined;
  });
  const current = (): WorkflowPersistenceProvider => {
    if (!provider) throw new Error("scenario provider is not set up");
    return provider;
  };
  return {
    provider: current,
    build(options) {
      const definitionRegistry = new InMemoryDefinitionRegistry({
        validator: new WorkflowValidator(),
        compiler: new WorkflowCompiler(),
      });
      for (const definition of options.definitions) definitionRegistry.register(definition);
      const behaviours = new Map<string, ScenarioBehaviour>();
      const calls: string[] = [];
      const commandRegistry = new InMemoryCommandRegistry();
      for (const name of options.commands ?? []) {
        behaviours.set(name, () => ({ ok: true }));
        commandRegistry.register(name, {
          execute: (subject, ctx) => {
            calls.push(name);
            return behaviours.get(name)!(subject, ctx);
          },
        });
      }
      const guardRegistry = new InMemoryGuardRegistry();
      for (const [name, evaluate] of Object.entries(options.guards ?? {}))
        guardRegistry.register(name, { name, evaluate });
      const events: StateEnterEvent[] = [];
      const clock = options.clock ?? new SimulatedClock(new Date("2030-01-01T00:00:00.000Z"));
      const runtime = new WorkflowRuntime({
        ...current(),
        definitionRegistry,
        commandRegistry,
        guardRegistry,
        clock,
        observers: [{ name: "scenario-recorder", onEnter: (event) => void events.push(event) }],
        ...harness.runtimeOptions,
        ...options.runtime,
      });
      return {
        runtime,
        clock,
        events,
        calls,
        behave: (name, behaviour) => void behaviours.set(name, behaviour),
      };
    },
  };
}

/** `fromState-eventName->toState` of every history row, sorted (rows of one transaction share `createdAt`). */
export async function historySummary(runtime: Runtime, uuid: string): Promise<string[]> {
  const rows = await runtime.getHistory(uuid, { limit: 1000 });
  return rows.map((row) => `${row.fromState}-${row.eventName}->${row.toState}`).sort();
}
