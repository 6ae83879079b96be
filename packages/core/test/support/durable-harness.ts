import type { WorkflowDefinition } from "../../src/definition/types.js";
import type { DurableExecutionOptions } from "../../src/model/durable-execution-options.js";
import type { StateEnterEvent } from "../../src/observer/types.js";
import { InMemoryCommandRegistry } from "../../src/registry/in-memory-command-registry.js";
import { InMemoryDefinitionRegistry } from "../../src/registry/in-memory-definition-registry.js";
import { InMemoryGuardRegistry } from "../../src/registry/in-memory-guard-registry.js";
import type { CommandResult } from "../../src/model/command-result.js";
import type { WorkflowCommand } from "../../src/model/workflow-command.js";
import type { WorkflowExecutionContext } from "../../src/model/workflow-execution-context.js";
import { WorkflowRuntime } from "../../src/runtime/workflow-runtime.js";
import { createInMemoryPersistence } from "../../src/testing/create-in-memory-persistence.js";
import { SimulatedClock } from "../../src/testing/simulated-clock.js";

/** One recorded command call. */
export interface RecordedCall {
  name: string;
  subject: unknown;
  ctx: WorkflowExecutionContext;
}

/** Options of {@link createDurableHarness}. */
export interface DurableHarnessOptions {
  definitions: WorkflowDefinition[];
  durableExecution?: DurableExecutionOptions;
  maxOnEnterDepth?: number;
  withGuardRegistry?: boolean;
  /** Also configure an idempotency store. */
  idempotency?: boolean;
}

/**
 * Two runtimes ("workers" a and b) over one set of in-memory stores, a simulated clock, a command registry
 * whose calls are recorded, and an observer recording every state-enter event.
 */
export function createDurableHarness(options: DurableHarnessOptions) {
  const clock = new SimulatedClock(new Date("2030-01-01T00:00:00.000Z"));
  const persistence = createInMemoryPersistence({ durableExecution: true, idempotency: options.idempotency });
  const definitionRegistry = new InMemoryDefinitionRegistry();
  for (const definition of options.definitions) definitionRegistry.register(definition);
  const commandRegistry = new InMemoryCommandRegistry();
  const guardRegistry = new InMemoryGuardRegistry();
  const calls: RecordedCall[] = [];
  /** Decides the `allowed` guard (registered on every harness that has a guard registry). */
  const guard = { allow: true, calls: [] as { subject: unknown; ctx: WorkflowExecutionContext }[] };
  guardRegistry.register("allowed", {
    name: "allowed",
    evaluate: (subject, ctx) => {
      guard.calls.push({ subject, ctx });
      return guard.allow;
    },
  });
  const observed: StateEnterEvent[] = [];
  const build = () =>
    new WorkflowRuntime({
      ...persistence,
      definitionRegistry,
      commandRegistry,
      guardRegistry: options.withGuardRegistry === false ? undefined : guardRegistry,
      clock,
      durableExecution: options.durableExecution,
      maxOnEnterDepth: options.maxOnEnterDepth,
      observers: [{ name: "recorder", onEnter: (event) => void observed.push(event) }],
    });
  const a = build();
  const b = build();
  type Behaviour = (
    subject: unknown,
    ctx: WorkflowExecutionContext,
  ) => CommandResult | Promise<CommandResult>;
  const behaviours = new Map<string, Behaviour>();
  /** Registers a recording command; `behaviour` decides its result (default `{ ok: true }`). */
  const command = (
    name: string,
    behaviour: Behaviour = () => ({ ok: true }),
    extra: Partial<WorkflowCommand> = {},
  ) => {
    behaviours.set(name, behaviour);
    commandRegistry.register(name, {
      ...extra,
      execute: (subject, ctx) => {
        calls.push({ name, subject, ctx });
        return behaviours.get(name)!(subject, ctx);
      },
    });
  };
  /** Replaces the behaviour of a registered recording command (calls keep being recorded). */
  const behave = (name: string, behaviour: Behaviour): void => {
    behaviours.set(name, behaviour);
  };
  const callsOf = (name: string) => calls.filter((call) => call.name === name);
  return {
    clock,
    persistence,
    executionStore: persistence.executionStore!,
    definitionRegistry,
    commandRegistry,
    guardRegistry,
    runtime: a,
    a,
    b,
    calls,
    callsOf,
    observed,
    command,
    behave,
    guard,
  };
}

/** A promise with its resolver exposed, to hold a command mid-flight. */
export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Waits until `condition()` holds, yielding to the event loop between checks (no timers). */
export async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i++) await new Promise<void>((r) => setImmediate(r));
  if (!condition()) throw new Error("condition never became true");
}
