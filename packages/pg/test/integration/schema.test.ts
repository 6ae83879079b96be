import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createTestDatabase, type TestDatabase } from "@duraflows/test-support";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  generateDurableExecutionMigrationSql,
  generateIdempotencyMigrationSql,
  generateMigrationSql,
} from "../../src/pg-schema-manager.js";
import { dumpCatalog } from "../support/catalog-dump.js";
import { readDbmateMigrations, withIfNotExists } from "../support/dbmate-migrations.js";

const DUMP_FILE = fileURLToPath(new URL("../schema.dump.sql", import.meta.url));
const REGENERATE =
  "If the schema change is intended, regenerate the dump with: " +
  "UPDATE_SCHEMA_DUMP=1 pnpm exec vitest run --project pg:integration packages/pg/test/integration/schema.test.ts";
const migrations = readDbmateMigrations();
const byNumber = (prefix: string) => migrations.find((m) => m.file.startsWith(prefix))!;

describe("@duraflows/pg schema: generator, dbmate 001→011 and the committed dump", () => {
  let db: TestDatabase;
  let counter = 0;

  /** A pool on a new, empty schema of the file's database (one fresh schema per scenario). */
  async function freshSchema(prefix: string): Promise<{ pool: pg.Pool; schema: string }> {
    const schema = `${prefix}_${++counter}`;
    const pool = db.createPool({ max: 2, options: `-c search_path=${schema}` });
    await pool.query(`CREATE SCHEMA ${schema}`);
    return { pool, schema };
  }
  const applyUp = async (pool: pg.Pool, files = migrations) => {
    for (const migration of files) await pool.query(migration.up);
  };
  const tableNames = async (pool: pg.Pool, schema: string) =>
    (
      await pool.query<{ tablename: string }>(
        "SELECT tablename FROM pg_tables WHERE schemaname = $1 ORDER BY 1",
        [schema],
      )
    ).rows.map((row) => row.tablename);

  beforeAll(async () => {
    db = await createTestDatabase("pg-schema");
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("ships exactly the eleven dbmate files, each with up and down halves", () => {
    expect(migrations.map((m) => m.file)).toEqual([
      "001_workflow_core.sql",
      "002_replace_trigger_with_metadata.sql",
      "003_event_guards.sql",
      "004_definition_versions.sql",
      "005_timeout_retries.sql",
      "006_definition_version_index.sql",
      "007_event_idempotency.sql",
      "008_durable_execution.sql",
      "009_history_sequence.sql",
      "010_workflow_outbox.sql",
      "011_instance_list_index.sql",
    ]);
    for (const migration of migrations) {
      expect(migration.up.trim(), migration.file).not.toBe("");
      expect(migration.down.trim(), migration.file).not.toBe("");
    }
  });

  it("the full generator output and the dbmate chain build identical catalogs, equal to test/schema.dump.sql", async () => {
    const generated = await freshSchema("generated");
    await generated.pool.query(
      generateMigrationSql({ includeIdempotency: true, includeDurableExecution: true }).up,
    );
    const chained = await freshSchema("chained");
    await applyUp(chained.pool);

    const fromGenerator = await dumpCatalog(generated.pool, generated.schema);
    const fromChain = await dumpCatalog(chained.pool, chained.schema);
    if (process.env.UPDATE_SCHEMA_DUMP === "1") writeFileSync(DUMP_FILE, fromGenerator);

    expect(fromChain, "generateMigrationSql() and dbmate 001→010 disagree").toBe(fromGenerator);
    expect(existsSync(DUMP_FILE), `test/schema.dump.sql is missing. ${REGENERATE}`).toBe(true);
    expect(fromGenerator, `the schema differs from test/schema.dump.sql. ${REGENERATE}`).toBe(
      readFileSync(DUMP_FILE, "utf8"),
    );
  });

  it("generateMigrationSql().up made re-runnable by the application's replaces runs twice on a fresh database", async () => {
    const { pool, schema } = await freshSchema("rerunnable");
    const up = generateMigrationSql({ includeIdempotency: true, includeDurableExecution: true }).up;
    expect(up).not.toContain("IF NOT EXISTS");
    const rerunnable = withIfNotExists(up);
    await pool.query(rerunnable);
    await pool.query(
      `INSERT INTO workflow_instances (uuid, workflow_name, current_state) VALUES ('00000000-0000-4000-8000-000000000007', 'w', 'a')`,
    );
    await pool.query(rerunnable);
    expect(await dumpCatalog(pool, schema)).toBe(readFileSync(DUMP_FILE, "utf8"));
    expect((await pool.query("SELECT count(*)::int AS n FROM workflow_instances")).rows[0]).toEqual({ n: 1 });
  });

  it("the standalone idempotency and durable generators, made re-runnable, run twice after the core schema", async () => {
    const { pool, schema } = await freshSchema("standalone");
    await pool.query(withIfNotExists(generateMigrationSql().up));
    for (let round = 0; round < 2; round++) {
      await pool.query(withIfNotExists(generateIdempotencyMigrationSql().up));
      await pool.query(withIfNotExists(generateDurableExecutionMigrationSql().up));
    }
    expect(await dumpCatalog(pool, schema)).toBe(readFileSync(DUMP_FILE, "utf8"));
  });

  it("the plain generator output refuses to run over an existing schema (it has no IF NOT EXISTS)", async () => {
    const { pool } = await freshSchema("plain");
    const { up } = generateMigrationSql();
    await pool.query(up);
    await expect(pool.query(up)).rejects.toThrow(/relation "workflow_instances" already exists/);
  });

  it("applying 001→010 a second time changes nothing and keeps the rows", async () => {
    const { pool, schema } = await freshSchema("twice");
    await applyUp(pool);
    await pool.query(
      `INSERT INTO workflow_instances (uuid, workflow_name, current_state) VALUES ('00000000-0000-4000-8000-000000000001', 'w', 'a')`,
    );
    await pool.query(
      `INSERT INTO workflow_history (workflow_instance_uuid, event_name, to_state, outcome, rejected_by)
       VALUES ('00000000-0000-4000-8000-000000000001', 'go', 'a', 'guard-rejected', 'g')`,
    );
    await applyUp(pool);
    expect(await dumpCatalog(pool, schema)).toBe(readFileSync(DUMP_FILE, "utf8"));
    const { rows } = await pool.query("SELECT outcome, rejected_by FROM workflow_history");
    expect(rows).toEqual([{ outcome: "guard-rejected", rejected_by: "g" }]);
  });

  it("re-runs the idempotent migrations 002, 005 and 006 on a migrated schema without change", async () => {
    const { pool, schema } = await freshSchema("rerun");
    await applyUp(pool);
    for (const prefix of ["002", "005", "006", "005", "002"]) await pool.query(byNumber(prefix).up);
    expect(await dumpCatalog(pool, schema)).toBe(readFileSync(DUMP_FILE, "utf8"));
  });

  it("down halves in reverse order remove everything, and the chain then rebuilds the same schema", async () => {
    const { pool, schema } = await freshSchema("down");
    await applyUp(pool);
    for (const migration of [...migrations].reverse()) await pool.query(migration.down);
    expect(await tableNames(pool, schema)).toEqual([]);
    await applyUp(pool);
    expect(await dumpCatalog(pool, schema)).toBe(readFileSync(DUMP_FILE, "utf8"));
  });

  it("005 down then up, and 006 down then up, restore the same catalog", async () => {
    const { pool, schema } = await freshSchema("toggle");
    await applyUp(pool);
    await pool.query(byNumber("006").down);
    const indexes = await pool.query("SELECT 1 FROM pg_indexes WHERE indexname = $1 AND schemaname = $2", [
      "workflow_instances_definition_version_idx",
      schema,
    ]);
    expect(indexes.rowCount).toBe(0);
    await pool.query(byNumber("005").down);
    await pool.query(byNumber("005").up);
    await pool.query(byNumber("006").up);
    expect(await dumpCatalog(pool, schema)).toBe(readFileSync(DUMP_FILE, "utf8"));
  });

  it("003 down refuses while guard-rejected rows exist", async () => {
    const { pool } = await freshSchema("guards");
    await applyUp(pool);
    await pool.query(
      `INSERT INTO workflow_instances (uuid, workflow_name, current_state) VALUES ('00000000-0000-4000-8000-000000000002', 'w', 'a')`,
    );
    await pool.query(
      `INSERT INTO workflow_history (workflow_instance_uuid, event_name, to_state, outcome)
       VALUES ('00000000-0000-4000-8000-000000000002', 'go', 'a', 'guard-rejected')`,
    );
    await expect(pool.query(byNumber("003").down)).rejects.toThrow(/workflow_history_outcome_check/);
  });

  it("005 gives existing instances the timeout column defaults", async () => {
    const { pool } = await freshSchema("defaults");
    await applyUp(pool, migrations.slice(0, 4));
    await pool.query(
      `INSERT INTO workflow_instances (uuid, workflow_name, current_state) VALUES ('00000000-0000-4000-8000-000000000003', 'w', 'a')`,
    );
    await pool.query(byNumber("005").up);
    const { rows } = await pool.query(
      "SELECT timeout_attempts, timeout_retry_at, timeout_last_error, timeout_parked_at FROM workflow_instances",
    );
    expect(rows).toEqual([
      { timeout_attempts: 0, timeout_retry_at: null, timeout_last_error: null, timeout_parked_at: null },
    ]);
  });

  it("007 receipts and 008 executions are deleted with their instance; history is not (no cascade)", async () => {
    const { pool } = await freshSchema("cascade");
    await applyUp(pool);
    const uuid = "00000000-0000-4000-8000-000000000004";
    await pool.query(
      `INSERT INTO workflow_instances (uuid, workflow_name, current_state) VALUES ($1, 'w', 'a')`,
      [uuid],
    );
    await pool.query(
      `INSERT INTO workflow_event_idempotency (workflow_instance_uuid, idempotency_key, event_name) VALUES ($1, 'k', 'go')`,
      [uuid],
    );
    await pool.query(
      `INSERT INTO workflow_executions (uuid, workflow_instance_uuid, idempotency_key, status, available_at, revision, execution_json)
       VALUES (gen_random_uuid(), $1, 'k', 'pending', now(), 0, '{}')`,
      [uuid],
    );
    await pool.query("DELETE FROM workflow_instances WHERE uuid = $1", [uuid]);
    const left = await pool.query(
      "SELECT (SELECT count(*) FROM workflow_event_idempotency)::int AS receipts, (SELECT count(*) FROM workflow_executions)::int AS executions",
    );
    expect(left.rows[0]).toEqual({ receipts: 0, executions: 0 });

    await pool.query(
      `INSERT INTO workflow_instances (uuid, workflow_name, current_state) VALUES ($1, 'w', 'a')`,
      [uuid],
    );
    await pool.query(
      `INSERT INTO workflow_history (workflow_instance_uuid, event_name, to_state, outcome) VALUES ($1, 'go', 'a', 'success')`,
      [uuid],
    );
    await expect(pool.query("DELETE FROM workflow_instances WHERE uuid = $1", [uuid])).rejects.toThrow(
      /workflow_history_workflow_instance_uuid_fkey/,
    );
  });

  it("the active-execution index allows one pending/running/parked execution per instance", async () => {
    const { pool } = await freshSchema("active");
    await applyUp(pool);
    const uuid = "00000000-0000-4000-8000-000000000005";
    await pool.query(
      `INSERT INTO workflow_instances (uuid, workflow_name, current_state) VALUES ($1, 'w', 'a')`,
      [uuid],
    );
    const insert = (key: string, status: string) =>
      pool.query(
        `INSERT INTO workflow_executions (uuid, workflow_instance_uuid, idempotency_key, status, available_at, revision, execution_json)
         VALUES (gen_random_uuid(), $1, $2, $3, now(), 0, '{}')`,
        [uuid, key, status],
      );
    await insert("a", "completed");
    await insert("b", "parked");
    await expect(insert("c", "pending")).rejects.toThrow(/workflow_executions_active_idx/);
    await expect(insert("a", "cancelled")).rejects.toThrow(
      /workflow_executions_workflow_instance_uuid_idempotency_key_key/,
    );
  });

  it("the uuidv7 strategy needs PostgreSQL 18 and then gives time-ordered history uuids", async () => {
    const { pool } = await freshSchema("uuidv7");
    const version = Number((await pool.query("SHOW server_version_num")).rows[0].server_version_num);
    const up = generateMigrationSql({ uuidStrategy: "uuidv7" }).up;
    if (version < 180000) {
      await expect(pool.query(up)).rejects.toThrow(/uuidv7\(\) does not exist/);
      return;
    }
    await pool.query(up);
    await pool.query(
      `INSERT INTO workflow_instances (uuid, workflow_name, current_state) VALUES ('00000000-0000-4000-8000-000000000006', 'w', 'a')`,
    );
    const { rows } = await pool.query(
      `INSERT INTO workflow_history (workflow_instance_uuid, event_name, to_state, outcome)
       VALUES ('00000000-0000-4000-8000-000000000006', 'go', 'a', 'success') RETURNING uuid`,
    );
    expect(rows[0].uuid[14]).toBe("7");
  });
});
