import { InvalidArgumentError, type WorkflowDefinition } from "@duraflows/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPgRuntime } from "../support/pg-runtime.js";
import { type Bootstrap, createPgTestSchema, type PgTestSchema } from "../support/pg-test-schema.js";

const pingPong: WorkflowDefinition = {
  name: "ping-pong",
  initialState: "a",
  states: {
    a: { events: { Ping: { targetState: "b" } } },
    b: { events: { Pong: { targetState: "a" }, Finish: { targetState: "done" } } },
    done: {},
  },
};
const FUTURE = new Date("2100-01-01T00:00:00Z");

for (const bootstrap of ["generator", "partitioned"] as Bootstrap[])
  describe(`pruneHistory and purgeInstances on PostgreSQL (${bootstrap} schema)`, () => {
    let env: PgTestSchema;
    beforeAll(async () => {
      env = await createPgTestSchema(`pg-history-retention-${bootstrap}`, "duraflows_pg_it", bootstrap);
    });
    beforeEach(async () => {
      await env.truncate();
    });
    afterAll(async () => {
      await env?.drop();
    });

    async function seed() {
      const { runtime } = createPgRuntime(env.pool, { definitions: [pingPong] });
      const live = await runtime.createInstance({ workflowName: "ping-pong" });
      for (const eventName of ["Ping", "Pong", "Ping", "Pong"])
        await runtime.triggerEvent({ workflowInstanceUuid: live.uuid, eventName });
      const finished = await runtime.createInstance({ workflowName: "ping-pong" });
      for (const eventName of ["Ping", "Finish"])
        await runtime.triggerEvent({ workflowInstanceUuid: finished.uuid, eventName });
      return { runtime, live, finished };
    }
    const count = async (sql: string, values: unknown[] = []) =>
      (await env.pool.query<{ n: number }>(sql, values)).rows[0]!.n;

    it("keeps each instance's newest rows, deletes the rest in bounded batches, and dry-runs first", async () => {
      const { runtime, live, finished } = await seed();
      const liveRows = (await runtime.getHistory(live.uuid, { limit: 100 })).length;
      const finishedRows = (await runtime.getHistory(finished.uuid, { limit: 100 })).length;
      const dry = await runtime.pruneHistory({ keepLast: 2, dryRun: true });
      expect(dry).toEqual({ rows: liveRows - 2 + finishedRows - 2, batches: 0, dryRun: true });
      expect(await count("SELECT count(*)::int AS n FROM workflow_history")).toBe(liveRows + finishedRows);

      const newest = (await runtime.getHistory(live.uuid, { limit: 2 })).map((row) => row.eventName);
      const result = await runtime.pruneHistory({ keepLast: 2, batchSize: 1 });
      expect(result).toEqual({ rows: dry.rows, batches: dry.rows, dryRun: false });
      expect((await runtime.getHistory(live.uuid)).map((row) => row.eventName)).toEqual(newest);
      expect(await runtime.getHistory(finished.uuid)).toHaveLength(2);
    });

    it("never removes an instance's newest row, and honours olderThan", async () => {
      const { runtime, live } = await seed();
      expect(await runtime.pruneHistory({ olderThan: new Date("2000-01-01T00:00:00Z") })).toMatchObject({
        rows: 0,
      });
      await runtime.pruneHistory({ olderThan: FUTURE });
      expect(await runtime.getHistory(live.uuid)).toHaveLength(1);
      expect((await runtime.getHistory(live.uuid))[0]!.eventName).toBe("Pong");
    });

    it("rejects an input without a rule or with bad values, deleting nothing", async () => {
      const { runtime } = await seed();
      const before = await count("SELECT count(*)::int AS n FROM workflow_history");
      await expect(runtime.pruneHistory({})).rejects.toThrow(InvalidArgumentError);
      await expect(runtime.pruneHistory({ keepLast: 0 })).rejects.toThrow(
        "keepLast must be a positive integer",
      );
      await expect(runtime.purgeInstances({ terminalBefore: new Date("x") })).rejects.toThrow(
        "terminalBefore must be a valid Date",
      );
      expect(await count("SELECT count(*)::int AS n FROM workflow_history")).toBe(before);
    });

    it("purges terminal instances with their history, receipts and executions, and leaves live ones", async () => {
      const { runtime, live, finished } = await seed();
      await env.pool.query(
        `INSERT INTO workflow_event_idempotency (workflow_instance_uuid, idempotency_key, event_name) VALUES ($1, 'k', 'Ping')`,
        [finished.uuid],
      );
      expect(await runtime.purgeInstances({ terminalBefore: FUTURE, dryRun: true })).toEqual({
        instances: 1,
        batches: 0,
        dryRun: true,
      });
      expect(
        await runtime.purgeInstances({ terminalBefore: new Date("2000-01-01T00:00:00Z") }),
      ).toMatchObject({
        instances: 0,
      });
      expect(await runtime.purgeInstances({ terminalBefore: FUTURE })).toEqual({
        instances: 1,
        batches: 1,
        dryRun: false,
      });
      expect(await runtime.getInstance(finished.uuid)).toBeNull();
      expect(
        await count("SELECT count(*)::int AS n FROM workflow_history WHERE workflow_instance_uuid = $1", [
          finished.uuid,
        ]),
      ).toBe(0);
      expect(await count("SELECT count(*)::int AS n FROM workflow_event_idempotency")).toBe(0);
      expect((await runtime.getInstance(live.uuid))?.currentState).toBe("a");
    });

    it("skips a terminal instance another transaction holds instead of waiting for it", async () => {
      const { runtime, finished } = await seed();
      const holder = await env.pool.connect();
      try {
        await holder.query("BEGIN");
        await holder.query("SELECT 1 FROM workflow_instances WHERE uuid = $1 FOR UPDATE", [finished.uuid]);
        expect(await runtime.purgeInstances({ terminalBefore: FUTURE })).toMatchObject({ instances: 0 });
        await holder.query("ROLLBACK");
      } finally {
        holder.release();
      }
      expect(await runtime.purgeInstances({ terminalBefore: FUTURE })).toMatchObject({ instances: 1 });
    });
  });
