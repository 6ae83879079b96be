import type { WorkflowDefinition } from "@duraflows/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readDbmateMigrations } from "../support/dbmate-migrations.js";
import { createPgRuntime } from "../support/pg-runtime.js";
import { type Bootstrap, createPgTestSchema, type PgTestSchema } from "../support/pg-test-schema.js";

// One event followed by nine onEnter hops: ten history rows written in one transaction, sharing now().
const HOPS = 10;
const states: WorkflowDefinition["states"] = { s0: { events: { Go: { targetState: "s1" } } } };
for (let i = 1; i < HOPS; i++) states[`s${i}`] = { onEnter: { targetState: `s${i + 1}` } };
states[`s${HOPS}`] = {};
const chain: WorkflowDefinition = { name: "chain", initialState: "s0", states };
const expected = Array.from({ length: HOPS }, (_, i) => `s${i + 1}`);

for (const bootstrap of ["generator", "dbmate", "partitioned"] as Bootstrap[]) {
  describe(`getHistory order on PostgreSQL (schema from the ${bootstrap})`, () => {
    let env: PgTestSchema;
    beforeAll(async () => {
      env = await createPgTestSchema(`pg-history-order-${bootstrap}`, "duraflows_pg_it", bootstrap);
    });
    afterAll(async () => {
      await env?.drop();
    });

    it("returns an event and its onEnter hops, written in one transaction, in exact reverse write order", async () => {
      const { runtime } = createPgRuntime(env.pool, { definitions: [chain] });
      const instance = await runtime.createInstance({ workflowName: "chain" });
      await runtime.triggerEvent({ workflowInstanceUuid: instance.uuid, eventName: "Go" });
      const rows = await runtime.getHistory(instance.uuid, { limit: 100 });
      const hops = rows.slice(0, HOPS);
      expect(new Set(hops.map((row) => row.createdAt!.getTime())).size).toBe(1);
      expect(hops.reverse().map((row) => row.toState)).toEqual(expected);
      expect(rows.length).toBeGreaterThanOrEqual(HOPS);
      const paged = await runtime.getHistory(instance.uuid, { limit: 3, offset: 2 });
      expect(paged.map((row) => row.toState)).toEqual(["s8", "s7", "s6"]);
    });
  });
}

describe("dbmate 009 on a schema with history rows", () => {
  let env: PgTestSchema;
  beforeAll(async () => {
    env = await createPgTestSchema("pg-history-order-009", "duraflows_pg_it", "generator");
  });
  afterAll(async () => {
    await env?.drop();
  });

  it("numbers existing rows by created_at, then insertion order, and continues after them", async () => {
    const pool = env.pool;
    const migrations = readDbmateMigrations();
    await pool.query(`DROP SCHEMA duraflows_pg_it CASCADE; CREATE SCHEMA duraflows_pg_it`);
    for (const migration of migrations.slice(0, 8)) await pool.query(migration.up);
    const uuid = "00000000-0000-4000-8000-0000000000a1";
    await pool.query(
      `INSERT INTO workflow_instances (uuid, workflow_name, current_state) VALUES ($1, 'w', 'a')`,
      [uuid],
    );
    const insert = (event: string, at: string) =>
      pool.query(
        `INSERT INTO workflow_history (workflow_instance_uuid, event_name, to_state, outcome, created_at)
         VALUES ($1, $2, 'a', 'success', $3)`,
        [uuid, event, at],
      );
    await insert("later", "2026-01-02T00:00:00Z");
    await insert("first-1", "2026-01-01T00:00:00Z");
    await insert("first-2", "2026-01-01T00:00:00Z");
    await insert("first-3", "2026-01-01T00:00:00Z");
    const step = migrations.find((migration) => migration.file.startsWith("009"))!;
    await pool.query(step.up);
    await pool.query(step.up);
    await insert("new", "2025-01-01T00:00:00Z");
    const { rows } = await pool.query<{ event_name: string }>(
      `SELECT event_name FROM workflow_history ORDER BY seq`,
    );
    expect(rows.map((row) => row.event_name)).toEqual(["first-1", "first-2", "first-3", "later", "new"]);
    await expect(pool.query(`UPDATE workflow_history SET seq = 1 WHERE event_name = 'new'`)).rejects.toThrow(
      /seq/,
    );
  });
});
