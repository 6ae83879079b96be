import { createTestDatabase, type TestDatabase } from "@duraflows/test-support";
import type pg from "pg";
import { generateMigrationSql } from "../../src/pg-schema-manager.js";
import { generateHistoryPartitioningSql } from "../../src/schema/history-partitioning-ddl.js";
import { readDbmateMigrations } from "./dbmate-migrations.js";

/** Every duraflows table, dependants first (for TRUNCATE and cleanup). */
export const ALL_TABLES = [
  "workflow_outbox",
  "workflow_executions",
  "workflow_event_idempotency",
  "workflow_history",
  "workflow_definitions",
  "workflow_instances",
];

/** A test database with one schema on the search path of its pools. */
export interface PgTestSchema {
  db: TestDatabase;
  schema: string;
  /** A pool whose connections use the schema (`-c search_path=<schema>`). */
  pool: pg.Pool;
  /** Another pool on the same schema (e.g. for concurrent sessions or a second owner). */
  createPool(config?: pg.PoolConfig): pg.Pool;
  /** Removes every row of every duraflows table. */
  truncate(): Promise<void>;
  /** Closes the pools and drops the database. */
  drop(): Promise<void>;
}

/**
 * How a schema is built: the generator (full, optional tables included), the dbmate files 001→009, or the
 * generator followed by the opt-in history partitioning (monthly partitions).
 */
export type Bootstrap = "generator" | "dbmate" | "partitioned";

/**
 * Creates the file's database, then `schema` in it, and builds the duraflows tables there. One database per
 * test file; the schema names are `duraflows_pg_it` and `duraflows_pg_it_migrations`.
 */
export async function createPgTestSchema(
  label: string,
  schema: string,
  bootstrap: Bootstrap = "generator",
  poolConfig: pg.PoolConfig = {},
): Promise<PgTestSchema> {
  const db = await createTestDatabase(label);
  const createPool = (config: pg.PoolConfig = {}): pg.Pool =>
    db.createPool({ ...poolConfig, ...config, options: `-c search_path=${schema}` });
  const pool = createPool();
  await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  await pool.query(`DROP TABLE IF EXISTS ${ALL_TABLES.join(", ")} CASCADE`);
  if (bootstrap === "generator" || bootstrap === "partitioned") {
    await pool.query(generateMigrationSql({ includeIdempotency: true, includeDurableExecution: true }).up);
    if (bootstrap === "partitioned") await pool.query(generateHistoryPartitioningSql({ interval: "month" }));
  } else {
    for (const migration of readDbmateMigrations()) await pool.query(migration.up);
  }
  return {
    db,
    schema,
    pool,
    createPool,
    truncate: async () => {
      await pool.query(`TRUNCATE ${ALL_TABLES.join(", ")}`);
    },
    drop: async () => {
      await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
      await db.drop();
    },
  };
}
