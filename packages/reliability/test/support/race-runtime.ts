import type { WorkflowClock, WorkflowPersistenceProvider, WorkflowRuntime } from "@duraflows/core";
import { kyselyWorkflowProviders, type WorkflowDatabase } from "@duraflows/kysely";
import { pgWorkflowProviders } from "@duraflows/pg";
import { Kysely, PostgresDialect } from "kysely";
import type pg from "pg";
import { createPgRuntime } from "./pg-runtime.js";
import { raceWorkflow, workCommand } from "./race-workflow.js";

/**
 * The PostgreSQL adapters the race tests run on; `pg-optimistic` is `@duraflows/pg` with the runtime option
 * `optimisticTransitions: true` (guard-less enqueues accepted without a transaction).
 */
export type RaceAdapter = "pg" | "pg-optimistic" | "kysely";

/** Every adapter and mode, for `describe.each`. */
export const RACE_ADAPTERS: RaceAdapter[] = ["pg", "pg-optimistic", "kysely"];

/** Durable-enabled persistence of `adapter` on `pool` (Kysely wraps the same pool). */
export function racePersistence(adapter: RaceAdapter, pool: pg.Pool): WorkflowPersistenceProvider {
  if (adapter !== "kysely") return pgWorkflowProviders(pool, { durableExecution: true });
  const db = new Kysely<WorkflowDatabase>({ dialect: new PostgresDialect({ pool }) });
  return kyselyWorkflowProviders(db, { durableExecution: true });
}

/** A runtime with the race workflow on `adapter` over `pool`, with the given clock. */
export function raceRuntime(
  adapter: RaceAdapter,
  pool: pg.Pool,
  clock: WorkflowClock = { now: () => new Date() },
): WorkflowRuntime {
  return createPgRuntime(pool, {
    definitions: [raceWorkflow],
    commands: { work: workCommand },
    persistenceOverride: racePersistence(adapter, pool),
    clock,
    runtime: {
      durableExecution: { initialDelayMs: 10, maxDelayMs: 100 },
      ...(adapter === "pg-optimistic" ? { optimisticTransitions: true } : {}),
    },
  });
}
