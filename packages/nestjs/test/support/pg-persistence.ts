import type { WorkflowPersistenceProvider } from "@duraflows/core";
import { generateMigrationSql, pgWorkflowProviders } from "@duraflows/pg";
import { createTestDatabase, type TestDatabase } from "@duraflows/test-support";
import type pg from "pg";

/** A fresh PostgreSQL database with the full schema (idempotency and durable execution included). */
export interface PgFixture {
  database: TestDatabase;
  pool: pg.Pool;
  persistence: WorkflowPersistenceProvider;
  /** Row counts of every duraflows table, to prove a rejected request wrote nothing. */
  counts(): Promise<Record<string, number>>;
}

const TABLES = [
  "workflow_instances",
  "workflow_history",
  "workflow_event_idempotency",
  "workflow_executions",
];

/** Creates the database, applies `generateMigrationSql(...)` and builds `pgWorkflowProviders`. */
export async function createPgFixture(label: string): Promise<PgFixture> {
  const database = await createTestDatabase(label);
  const pool = database.createPool();
  await pool.query(generateMigrationSql({ includeIdempotency: true, includeDurableExecution: true }).up);
  return {
    database,
    pool,
    persistence: pgWorkflowProviders(pool, { idempotency: true, durableExecution: true }),
    async counts() {
      const result: Record<string, number> = {};
      for (const table of TABLES) {
        const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
        result[table] = Number(rows[0]!.n);
      }
      return result;
    },
  };
}
