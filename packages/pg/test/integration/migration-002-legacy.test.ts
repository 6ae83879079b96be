import { createTestDatabase, type TestDatabase } from "@duraflows/test-support";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readDbmateMigrations } from "../support/dbmate-migrations.js";

const [m001, m002] = readDbmateMigrations();
const INSTANCE = "00000000-0000-4000-8000-00000000000a";
const ACTOR = "0f0e0d0c-0b0a-4908-8706-050403020100";

describe("dbmate 002 on the legacy history shape (triggered_by_type / triggered_by_uuid)", () => {
  let db: TestDatabase;
  let pool: pg.Pool;

  const columns = async (): Promise<string[]> =>
    (
      await pool.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns
         WHERE table_schema = 'duraflows_pg_it_migrations' AND table_name = 'workflow_history'
         ORDER BY column_name`,
      )
    ).rows.map((row) => row.column_name);
  const triggers = async () =>
    (await pool.query("SELECT event_name, trigger_metadata_json FROM workflow_history ORDER BY event_name"))
      .rows;

  beforeAll(async () => {
    db = await createTestDatabase("pg-migration-002");
    pool = db.createPool({ options: "-c search_path=duraflows_pg_it_migrations" });
    await pool.query("CREATE SCHEMA duraflows_pg_it_migrations");
    // The older shape: 001 without trigger_metadata_json, with the two legacy columns instead.
    await pool.query(m001.up);
    await pool.query("ALTER TABLE workflow_history DROP COLUMN trigger_metadata_json");
    await pool.query(
      "ALTER TABLE workflow_history ADD COLUMN triggered_by_type text NOT NULL DEFAULT 'system'",
    );
    await pool.query("ALTER TABLE workflow_history ADD COLUMN triggered_by_uuid uuid");
    await pool.query(
      "INSERT INTO workflow_instances (uuid, workflow_name, current_state) VALUES ($1, 'w', 'a')",
      [INSTANCE],
    );
    await pool.query(
      `INSERT INTO workflow_history (workflow_instance_uuid, event_name, to_state, outcome, triggered_by_type, triggered_by_uuid)
       VALUES ($1, 'byUser', 'a', 'success', 'user', $2), ($1, 'bySystem', 'a', 'success', 'system', NULL),
              ($1, 'byTimeout', 'a', 'failure', 'timeout', NULL)`,
      [INSTANCE, ACTOR],
    );
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("backfills trigger_metadata_json as { type, actorUuid } and drops the legacy columns", async () => {
    await pool.query(m002.up);
    expect(await columns()).not.toContain("triggered_by_type");
    expect(await columns()).not.toContain("triggered_by_uuid");
    expect(await triggers()).toEqual([
      { event_name: "bySystem", trigger_metadata_json: { type: "system" } },
      { event_name: "byTimeout", trigger_metadata_json: { type: "timeout" } },
      { event_name: "byUser", trigger_metadata_json: { type: "user", actorUuid: ACTOR } },
    ]);
    const column = await pool.query(
      `SELECT is_nullable, column_default FROM information_schema.columns
       WHERE table_schema = 'duraflows_pg_it_migrations' AND table_name = 'workflow_history'
         AND column_name = 'trigger_metadata_json'`,
    );
    expect(column.rows).toEqual([{ is_nullable: "NO", column_default: "'{}'::jsonb" }]);
  });

  it("is a no-op when run again", async () => {
    await pool.query(m002.up);
    expect(await triggers()).toHaveLength(3);
    expect((await triggers())[2].trigger_metadata_json).toEqual({ type: "user", actorUuid: ACTOR });
  });

  it("down restores the legacy columns from the json keys and drops the json column", async () => {
    await pool.query(
      `INSERT INTO workflow_history (workflow_instance_uuid, event_name, to_state, outcome, trigger_metadata_json)
       VALUES ($1, 'freeForm', 'a', 'success', '{"actorUuid": "not-a-uuid", "source": "api"}')`,
      [INSTANCE],
    );
    await pool.query(m002.down);
    expect(await columns()).not.toContain("trigger_metadata_json");
    const { rows } = await pool.query(
      "SELECT event_name, triggered_by_type, triggered_by_uuid FROM workflow_history ORDER BY event_name",
    );
    expect(rows).toEqual([
      { event_name: "bySystem", triggered_by_type: "system", triggered_by_uuid: null },
      { event_name: "byTimeout", triggered_by_type: "timeout", triggered_by_uuid: null },
      { event_name: "byUser", triggered_by_type: "user", triggered_by_uuid: ACTOR },
      { event_name: "freeForm", triggered_by_type: null, triggered_by_uuid: null },
    ]);
  });
});
