import { generateMigrationSql } from "@duraflows/pg";
import { createTestDatabase, type TestDatabase } from "@duraflows/test-support";
import type pg from "pg";

/** A fresh test database with the full duraflows schema and an admin pool on it. */
export interface ReliabilityDatabase {
  database: TestDatabase;
  pool: pg.Pool;
}

/** Creates the database (`createTestDatabase`) and applies every migration (idempotency and durable included). */
export async function createReliabilityDatabase(label: string): Promise<ReliabilityDatabase> {
  const database = await createTestDatabase(label);
  const pool = database.createPool();
  await pool.query(generateMigrationSql({ includeIdempotency: true, includeDurableExecution: true }).up);
  return { database, pool };
}

/** Every column of an instance row, to compare "before" and "after" a fault byte for byte. */
export async function instanceRow(pool: pg.Pool, uuid: string): Promise<Record<string, unknown>> {
  const { rows } = await pool.query("SELECT * FROM workflow_instances WHERE uuid = $1", [uuid]);
  if (rows.length !== 1) throw new Error(`instance ${uuid} not found`);
  return rows[0] as Record<string, unknown>;
}

/** Number of history rows of one instance. */
export async function historyCount(pool: pg.Pool, uuid: string): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(
    "SELECT count(*) AS n FROM workflow_history WHERE workflow_instance_uuid = $1",
    [uuid],
  );
  return Number(rows[0]!.n);
}
