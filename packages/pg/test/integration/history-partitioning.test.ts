import type { WorkflowDefinition } from "@duraflows/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { partitionHistory } from "../../src/history-partitions.js";
import { generateHistoryPartitioningSql } from "../../src/schema/history-partitioning-ddl.js";
import { createPgRuntime } from "../support/pg-runtime.js";
import { createPgTestSchema, type PgTestSchema } from "../support/pg-test-schema.js";

const pingPong: WorkflowDefinition = {
  name: "ping-pong",
  initialState: "a",
  states: {
    a: { events: { Ping: { targetState: "b" } } },
    b: { events: { Pong: { targetState: "a" }, Finish: { targetState: "done" } } },
    done: {},
  },
};

const MONTHS_AGO = (n: number): Date => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - n, 10, 12));
};

describe("partitioning workflow_history by created_at", () => {
  let env: PgTestSchema;
  beforeAll(async () => {
    env = await createPgTestSchema("pg-history-partitioning", "duraflows_pg_it");
  });
  beforeEach(async () => {
    await env.pool.query("DROP SCHEMA duraflows_pg_it CASCADE; CREATE SCHEMA duraflows_pg_it");
    const { generateMigrationSql } = await import("../../src/pg-schema-manager.js");
    await env.pool.query(
      generateMigrationSql({ includeIdempotency: true, includeDurableExecution: true }).up,
    );
  });
  afterAll(async () => {
    await env?.drop();
  });

  const rows = async <T>(sql: string, values: unknown[] = []) =>
    (await env.pool.query(sql, values)).rows as T[];
  const partitions = async () =>
    (
      await rows<{ name: string }>(
        `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
         WHERE i.inhparent = 'workflow_history'::regclass ORDER BY 1`,
      )
    ).map((row) => row.name);

  /** Instances with history spread over the last months (created_at rewritten, as if written back then). */
  async function populate() {
    const { runtime } = createPgRuntime(env.pool, { definitions: [pingPong] });
    const live = await runtime.createInstance({ workflowName: "ping-pong" });
    const finished = await runtime.createInstance({ workflowName: "ping-pong" });
    for (const eventName of ["Ping", "Pong", "Ping", "Pong", "Ping"])
      await runtime.triggerEvent({ workflowInstanceUuid: live.uuid, eventName });
    for (const eventName of ["Ping", "Finish"])
      await runtime.triggerEvent({ workflowInstanceUuid: finished.uuid, eventName });
    // Oldest first in seq order: live's five rows go 5, 4, 3, 2 and 0 months back, finished's all 6 months back.
    const ages = [5, 4, 3, 2, 0];
    const liveRows = await rows<{ seq: string }>(
      "SELECT seq FROM workflow_history WHERE workflow_instance_uuid = $1 ORDER BY seq",
      [live.uuid],
    );
    for (const [i, row] of liveRows.entries())
      await env.pool.query("UPDATE workflow_history SET created_at = $1 WHERE seq = $2", [
        MONTHS_AGO(ages[i]!),
        row.seq,
      ]);
    await env.pool.query("UPDATE workflow_history SET created_at = $1 WHERE workflow_instance_uuid = $2", [
      MONTHS_AGO(6),
      finished.uuid,
    ]);
    return { runtime, live, finished };
  }

  it("converts a populated table: same rows and order, seq continues, primary key includes created_at", async () => {
    const { runtime, live, finished } = await populate();
    const before = await runtime.getHistory(live.uuid, { limit: 100 });
    const total = (await rows<{ n: number }>("SELECT count(*)::int AS n FROM workflow_history"))[0]!.n;
    const maxSeq = (await rows<{ m: string }>("SELECT max(seq)::text AS m FROM workflow_history"))[0]!.m;
    await partitionHistory(env.pool, { interval: "month", premake: 2 });
    expect(
      (
        await rows<{ k: string }>(
          "SELECT relkind::text AS k FROM pg_class WHERE oid = 'workflow_history'::regclass",
        )
      )[0]!.k,
    ).toBe("p");
    const names = await partitions();
    expect(names).toContain("workflow_history_default");
    expect(names.filter((name) => /^workflow_history_p\d{4}_\d{2}$/.test(name))).toHaveLength(6 + 1 + 2);
    expect((await rows<{ n: number }>("SELECT count(*)::int AS n FROM workflow_history"))[0]!.n).toBe(total);
    expect(await runtime.getHistory(live.uuid, { limit: 100 })).toEqual(before);
    expect(await runtime.getHistory(finished.uuid, { limit: 1 })).toHaveLength(1);
    const pk = await rows<{ def: string }>(
      "SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'workflow_history'::regclass AND contype = 'p'",
    );
    expect(pk[0]!.def).toBe("PRIMARY KEY (uuid, created_at)");
    await runtime.triggerEvent({ workflowInstanceUuid: live.uuid, eventName: "Pong" });
    const newest = await rows<{ seq: string }>(
      "SELECT seq::text FROM workflow_history WHERE workflow_instance_uuid = $1 ORDER BY seq DESC LIMIT 1",
      [live.uuid],
    );
    expect(BigInt(newest[0]!.seq)).toBeGreaterThan(BigInt(maxSeq));
    expect((await runtime.getHistory(live.uuid, { limit: 1 }))[0]!.eventName).toBe("Pong");
    // A second run changes nothing.
    await env.pool.query(generateHistoryPartitioningSql({ interval: "month", premake: 2 }));
    expect(await partitions()).toEqual(await partitions());
    expect((await rows<{ n: number }>("SELECT count(*)::int AS n FROM workflow_history"))[0]!.n).toBe(
      total + 1,
    );
  });

  it("getHistory reads through the partitioned seq index", async () => {
    const { live } = await populate();
    await partitionHistory(env.pool, { interval: "month", premake: 1 });
    await env.pool.query("ANALYZE workflow_history");
    const client = await env.pool.connect();
    try {
      await client.query("SET enable_seqscan = off");
      const plan = await client.query<{ "QUERY PLAN": string }>(
        "EXPLAIN SELECT * FROM workflow_history WHERE workflow_instance_uuid = $1 ORDER BY seq DESC LIMIT 50",
        [live.uuid],
      );
      const text = plan.rows.map((row) => row["QUERY PLAN"]).join("\n");
      expect(text).toMatch(/Merge Append/);
      expect(text).toMatch(/workflow_history_p\d{4}_\d{2}_workflow_instance_uuid_seq_idx|Index Scan/);
    } finally {
      client.release();
    }
  });

  it("prunes history across partitions without touching rows of other partitions", async () => {
    const { runtime, live, finished } = await populate();
    await partitionHistory(env.pool, { interval: "month", premake: 1 });
    const keep = (await runtime.getHistory(live.uuid, { limit: 2 })).map((row) => row.uuid);
    const finishedRows = await runtime.getHistory(finished.uuid, { limit: 100 });
    const result = await runtime.pruneHistory({ keepLast: 2, olderThan: MONTHS_AGO(1), batchSize: 2 });
    expect(result.rows).toBe(3);
    expect((await runtime.getHistory(live.uuid, { limit: 100 })).map((row) => row.uuid)).toEqual(keep);
    expect(await runtime.getHistory(finished.uuid, { limit: 100 })).toEqual(finishedRows.slice(0, 2));
  });

  it("maintenance creates future partitions and drops old ones, keeping each live instance's newest row", async () => {
    const { runtime, live, finished } = await populate();
    await partitionHistory(env.pool, { interval: "month", premake: 0 });
    const created = await runtime.maintainHistoryPartitions({ premake: 3 });
    expect(created.created).toHaveLength(3);
    expect(created.dropped).toEqual([]);
    expect((await runtime.maintainHistoryPartitions({ premake: 3 })).created).toEqual([]);

    // Everything older than one month back: finished's rows (6 months) and live's rows 2-5 months back.
    const dropBefore = MONTHS_AGO(1);
    const archived = await runtime.maintainHistoryPartitions({ premake: 3, dropBefore, detachOnly: true });
    expect(archived.detached).toHaveLength(5);
    expect(archived.dropped).toEqual([]);
    for (const name of archived.detached)
      expect((await rows<{ r: string | null }>("SELECT to_regclass($1)::text AS r", [name]))[0]!.r).toBe(
        name,
      );
    expect((await runtime.getHistory(live.uuid, { limit: 100 })).map((row) => row.eventName)).toEqual([
      "Ping",
    ]);
    // finished's newest row was copied into the default partition; its other rows left with the partition.
    expect((await runtime.getHistory(finished.uuid, { limit: 100 })).map((row) => row.eventName)).toEqual([
      "Finish",
    ]);
    for (const name of archived.detached) await env.pool.query(`DROP TABLE ${name}`);

    await env.pool.query(
      "UPDATE workflow_history SET created_at = $1 WHERE workflow_instance_uuid = $2 AND event_name = 'Ping'",
      [MONTHS_AGO(1), live.uuid],
    );
    const dropped = await runtime.maintainHistoryPartitions({ premake: 3, dropBefore: new Date() });
    expect(dropped.dropped).toEqual(dropped.detached);
    expect(dropped.dropped.length).toBeGreaterThan(0);
    expect((await runtime.getHistory(live.uuid, { limit: 100 })).map((row) => row.eventName)).toEqual([
      "Ping",
    ]);
    await runtime.triggerEvent({ workflowInstanceUuid: live.uuid, eventName: "Pong" });
    expect((await runtime.getHistory(live.uuid, { limit: 100 })).map((row) => row.eventName)).toEqual([
      "Pong",
      "Ping",
    ]);
  });
  it("hands the partitioned table to pg_partman: create_parent adopts the partitions, run_maintenance adds and drops", async (ctx) => {
    const available = await rows("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_partman'");
    // pg_partman is an operator's choice, not a dependency: the check runs where the extension is installed.
    if (available.length === 0) return ctx.skip("pg_partman is not installed on this server");
    const { runtime, live } = await populate();
    await partitionHistory(env.pool, { interval: "month", premake: 1, defaultPartition: false });
    await env.pool.query("CREATE SCHEMA IF NOT EXISTS partman_it");
    await env.pool.query("CREATE EXTENSION IF NOT EXISTS pg_partman SCHEMA partman_it");
    try {
      const ours = await partitions();
      await env.pool.query(
        "SELECT partman_it.create_parent('duraflows_pg_it.workflow_history', 'created_at', 'native', 'monthly', p_premake := 4)",
      );
      const adopted = await partitions();
      expect(adopted).toEqual(expect.arrayContaining([...ours, "workflow_history_default"]));
      expect(adopted.length).toBeGreaterThan(ours.length);
      await env.pool.query(
        "UPDATE partman_it.part_config SET retention = '3 months', retention_keep_table = false WHERE parent_table = 'duraflows_pg_it.workflow_history'",
      );
      await env.pool.query("SELECT partman_it.run_maintenance('duraflows_pg_it.workflow_history')");
      const after = await partitions();
      const month = (n: number) =>
        `workflow_history_p${MONTHS_AGO(n).toISOString().slice(0, 7).replace("-", "_")}`;
      expect(after).not.toContain(month(5));
      expect(after).toContain(month(1));
      await runtime.triggerEvent({ workflowInstanceUuid: live.uuid, eventName: "Pong" });
      expect((await runtime.getHistory(live.uuid, { limit: 1 }))[0]!.eventName).toBe("Pong");
    } finally {
      await env.pool.query("DROP EXTENSION IF EXISTS pg_partman CASCADE");
      await env.pool.query("DROP SCHEMA IF EXISTS partman_it CASCADE");
    }
  });
});
