import { InMemoryCommandRegistry, InMemoryDefinitionRegistry, WorkflowRuntime } from "@duraflows/core";
import { Kysely, PostgresDialect } from "kysely";
import type pg from "pg";
import { kyselyWorkflowProviders } from "../../src/kysely-providers.js";
import type { AppDb } from "./app-database.js";

/**
 * A runtime on `kyselyWorkflowProviders` over `pool` with one two-state workflow, `workflowName`, whose `go`
 * toggles a ↔ b without guard or commands; `db` is the Kysely instance (destroy it to end the pool).
 */
export function toggleRuntime(pool: pg.Pool, workflowName: string, optimisticTransitions: boolean) {
  const db = new Kysely<AppDb>({ dialect: new PostgresDialect({ pool }) });
  const definitionRegistry = new InMemoryDefinitionRegistry();
  definitionRegistry.register({
    name: workflowName,
    initialState: "a",
    states: { a: { events: { go: { targetState: "b" } } }, b: { events: { go: { targetState: "a" } } } },
  });
  const runtime = new WorkflowRuntime({
    ...kyselyWorkflowProviders(db),
    definitionRegistry,
    commandRegistry: new InMemoryCommandRegistry(),
    clock: { now: () => new Date() },
    optimisticTransitions,
  });
  return { db, runtime };
}
