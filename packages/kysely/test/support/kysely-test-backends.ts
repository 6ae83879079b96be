import { PGlite } from "@electric-sql/pglite";
import { generateMigrationSql } from "@duraflows/pg";
import { createTestDatabase } from "@duraflows/test-support";
import { Kysely, PostgresDialect, sql } from "kysely";
import { Migrator } from "kysely/migration";
import { PGliteDialect } from "kysely-pglite-dialect";
import { afterAll, beforeAll } from "vitest";
import { createWorkflowMigrationProvider } from "../../src/create-workflow-migration-provider.js";
import { preparePgPool } from "../../src/prepare-pg-pool.js";
import { ALL_TABLES, ORDERS_DDL, type AppDb } from "./app-database.js";

/** A database the integration suites run on: the real server, or PGlite in memory. */
export interface KyselyTestBackend {
  kind: "postgres" | "pglite";
  db: Kysely<AppDb>;
  /**
   * Another `Kysely` instance on the same database (its own connections) for concurrent sessions, or
   * `undefined` when the backend has a single connection (PGlite).
   */
  second: Kysely<AppDb> | undefined;
  /** A `Kysely` instance with exactly one connection, so consecutive transactions share a session. */
  singleSession: Kysely<AppDb>;
  /** Removes every row of every table. */
  truncate(): Promise<void>;
  close(): Promise<void>;
}

const SCHEMA = "kysely_it";

/**
 * A fresh database on the test server with the `kysely_it` schema on the search path, bootstrapped with
 * `generateMigrationSql` (optional tables included).
 */
export async function createPostgresBackend(label: string): Promise<KyselyTestBackend> {
  const database = await createTestDatabase(label);
  // The main pool prepares the adapter's hot statements, as the docs recommend; the other two do not, so the
  // suites run both ways.
  const pool = preparePgPool(database.createPool({ options: `-c search_path=${SCHEMA}` }));
  await pool.query(`CREATE SCHEMA IF NOT EXISTS ${SCHEMA}`);
  await pool.query(`DROP TABLE IF EXISTS ${ALL_TABLES.join(", ")} CASCADE`);
  await pool.query(generateMigrationSql({ includeIdempotency: true, includeDurableExecution: true }).up);
  await pool.query(ORDERS_DDL);
  const db = new Kysely<AppDb>({ dialect: new PostgresDialect({ pool }) });
  const secondPool = database.createPool({ options: `-c search_path=${SCHEMA}` });
  const second = new Kysely<AppDb>({ dialect: new PostgresDialect({ pool: secondPool }) });
  const singlePool = database.createPool({ options: `-c search_path=${SCHEMA}`, max: 1 });
  const singleSession = new Kysely<AppDb>({ dialect: new PostgresDialect({ pool: singlePool }) });
  return {
    kind: "postgres",
    db,
    second,
    singleSession,
    truncate: async () => {
      await pool.query(`TRUNCATE ${ALL_TABLES.join(", ")}`);
    },
    close: async () => {
      await pool.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`).catch(() => undefined);
      // database.drop() ends both pools; destroying the Kysely instances first would end them twice.
      await database.drop();
    },
  };
}

/**
 * PGlite (PostgreSQL in WebAssembly) in memory, bootstrapped through Kysely's `Migrator` with
 * {@link createWorkflowMigrationProvider}, so the embedded path also proves the migration provider.
 */
export async function createPgliteBackend(): Promise<KyselyTestBackend> {
  const pglite = new PGlite();
  const db = new Kysely<AppDb>({ dialect: new PGliteDialect(pglite) });
  const migrator = new Migrator({
    db,
    provider: createWorkflowMigrationProvider({ idempotency: true, durableExecution: true }),
    migrationTableName: "duraflows_migration",
    migrationLockTableName: "duraflows_migration_lock",
  });
  const { error } = await migrator.migrateToLatest();
  if (error !== undefined) throw error;
  await sql.raw(ORDERS_DDL).execute(db);
  return {
    kind: "pglite",
    db,
    second: undefined,
    singleSession: db,
    truncate: async () => {
      await sql.raw(`TRUNCATE ${ALL_TABLES.join(", ")}`).execute(db);
    },
    close: () => db.destroy(),
  };
}

/** Creates the backend once for the test file (`beforeAll`) and closes it at the end; returns an accessor. */
export function useBackend(create: () => Promise<KyselyTestBackend>): () => KyselyTestBackend {
  let backend: KyselyTestBackend | undefined;
  beforeAll(async () => {
    backend = await create();
  });
  afterAll(async () => {
    await backend?.close();
  });
  return () => {
    if (backend === undefined) throw new Error("the test backend is not ready (beforeAll failed?)");
    return backend;
  };
}
