import {
  InMemoryCommandRegistry,
  InMemoryDefinitionRegistry,
  WorkflowCompiler,
  WorkflowRuntime,
  WorkflowValidator,
  type WorkflowClock,
  type WorkflowCommand,
  type WorkflowDefinition,
  type WorkflowObserver,
  type WorkflowPersistenceProvider,
  type WorkflowRuntimeOptions,
} from "@duraflows/core";
import { pgWorkflowProviders, type PgWorkflowProvidersOptions } from "@duraflows/pg";
import type pg from "pg";

/** What {@link createPgRuntime} wires. */
export interface PgRuntimeOptions {
  definitions: WorkflowDefinition[];
  commands: Record<string, WorkflowCommand>;
  observers?: WorkflowObserver[];
  provider?: PgWorkflowProvidersOptions;
  clock?: WorkflowClock;
  /** Persistence to use instead of `pgWorkflowProviders(pool, provider)` (e.g. the kysely stores). */
  persistenceOverride?: WorkflowPersistenceProvider;
  /** Any other runtime option (e.g. `timeoutRetry`). */
  runtime?: Partial<WorkflowRuntimeOptions>;
}

/** A `WorkflowRuntime` on `pgWorkflowProviders(pool)` (or the given persistence) with validated, compiled definitions. */
export function createPgRuntime(pool: pg.Pool, options: PgRuntimeOptions): WorkflowRuntime {
  const definitionRegistry = new InMemoryDefinitionRegistry({
    validator: new WorkflowValidator(),
    compiler: new WorkflowCompiler(),
  });
  for (const definition of options.definitions) definitionRegistry.register(definition);
  const commandRegistry = new InMemoryCommandRegistry();
  for (const [name, command] of Object.entries(options.commands)) commandRegistry.register(name, command);
  return new WorkflowRuntime({
    ...(options.persistenceOverride ?? pgWorkflowProviders(pool, options.provider)),
    definitionRegistry,
    commandRegistry,
    clock: options.clock ?? { now: () => new Date() },
    observers: options.observers ?? [],
    ...options.runtime,
  });
}
