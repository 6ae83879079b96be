import type { WorkflowRuntime } from "@duraflows/core";
import { generateMigrationSql } from "@duraflows/pg";
import { createTestDatabase, type TestDatabase } from "@duraflows/test-support";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { preparePgPool } from "../../src/prepare-pg-pool.js";
import { toggleRuntime } from "../support/toggle-runtime.js";

/*
 * Kysely's PostgresDialect sends every query unnamed, so PostgreSQL parses and plans each one again.
 * preparePgPool names the adapter's hot statements (as @duraflows/pg does) and nothing else. Each pool here has
 * one connection, so pg_prepared_statements read through it shows what that connection prepared.
 */
describe("preparePgPool", () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase("kysely-prepare-pool");
    const setup = database.createPool();
    await setup.query(generateMigrationSql({}).up);
    await setup.end();
  });
  afterAll(async () => {
    await database?.drop();
  });

  const runtimeOn = (pool: pg.Pool, optimisticTransitions: boolean) =>
    toggleRuntime(pool, "prepared-toggle", optimisticTransitions);

  const preparedNames = async (pool: pg.Pool): Promise<string[]> => {
    const { rows } = await pool.query<{ name: string }>(
      "SELECT name FROM pg_prepared_statements ORDER BY name",
    );
    return rows.map((row) => row.name);
  };

  const toggleTwice = async (runtime: WorkflowRuntime) => {
    const { uuid } = await runtime.createInstance({ workflowName: "prepared-toggle" });
    for (let i = 0; i < 2; i++) await runtime.triggerEvent({ workflowInstanceUuid: uuid, eventName: "go" });
    return uuid;
  };

  it("prepares the instance read, the instance lock and the transition write, once per connection", async () => {
    const pool = preparePgPool(database.createPool({ max: 1 }));
    const optimistic = runtimeOn(pool, true);
    const uuid = await toggleTwice(optimistic.runtime);
    const locking = runtimeOn(pool, false);
    await locking.runtime.triggerEvent({ workflowInstanceUuid: uuid, eventName: "go" });
    expect(await preparedNames(pool)).toEqual([
      "duraflows_lock_instance",
      "duraflows_select_instance",
      "duraflows_update_instance_with_history",
    ]);
    expect(await optimistic.runtime.getInstance(uuid)).toMatchObject({ currentState: "b", version: 3 });
    expect(await optimistic.runtime.getHistory(uuid)).toHaveLength(3);
    await pool.end();
  });

  it("leaves the application's own queries and an unprepared pool as they were", async () => {
    const prepared = preparePgPool(database.createPool({ max: 1 }));
    const { db } = runtimeOn(prepared, true);
    await db.selectFrom("workflow_instances").select("uuid").where("current_state", "=", "a").execute();
    expect(await preparedNames(prepared)).toEqual([]);
    await prepared.end();

    const plain = database.createPool({ max: 1 });
    await toggleTwice(runtimeOn(plain, true).runtime);
    expect(await preparedNames(plain)).toEqual([]);
    await plain.end();
  });

  it("returns the same pool and wraps its connections once when called twice", async () => {
    const pool = database.createPool({ max: 1 });
    expect(preparePgPool(preparePgPool(pool))).toBe(pool);
    expect(pool.listenerCount("connect")).toBe(1);
    await toggleTwice(runtimeOn(pool, true).runtime);
    expect(await preparedNames(pool)).toContain("duraflows_select_instance");
    await pool.end();
  });
});
