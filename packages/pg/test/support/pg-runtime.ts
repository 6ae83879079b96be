import {
  InMemoryCommandRegistry,
  InMemoryDefinitionRegistry,
  WorkflowCompiler,
  WorkflowRuntime,
  WorkflowValidator,
  type StateEnterEvent,
  type WorkflowCommand,
  type WorkflowDefinition,
  type WorkflowRuntimeOptions,
} from "@duraflows/core";
import { SimulatedClock } from "@duraflows/core/testing";
import type pg from "pg";
import { pgWorkflowProviders, type PgWorkflowProvidersOptions } from "../../src/pg-providers.js";

/** Options of {@link createPgRuntime}. */
export interface PgRuntimeOptions {
  definitions: WorkflowDefinition[];
  commands?: Record<string, WorkflowCommand<any>>;
  clock?: SimulatedClock;
  providers?: PgWorkflowProvidersOptions;
  runtime?: Partial<WorkflowRuntimeOptions>;
}

/** A `WorkflowRuntime` on `pgWorkflowProviders(pool)` with an observer that records every state entry. */
export function createPgRuntime(pool: pg.Pool, options: PgRuntimeOptions) {
  const definitionRegistry = new InMemoryDefinitionRegistry({
    validator: new WorkflowValidator(),
    compiler: new WorkflowCompiler(),
  });
  for (const definition of options.definitions) definitionRegistry.register(definition);
  const commandRegistry = new InMemoryCommandRegistry();
  for (const [name, command] of Object.entries(options.commands ?? {}))
    commandRegistry.register(name, command);
  const events: StateEnterEvent[] = [];
  const clock = options.clock ?? new SimulatedClock();
  const provider = pgWorkflowProviders(pool, options.providers);
  const runtime = new WorkflowRuntime({
    ...provider,
    definitionRegistry,
    commandRegistry,
    clock,
    observers: [{ name: "recorder", onEnter: (event) => void events.push(event) }],
    ...options.runtime,
  });
  return { runtime, events, clock, provider };
}
