import type { WorkflowDefinition } from "@duraflows/core";
import { SimulatedClock } from "@duraflows/core/testing";
import type pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPgRuntime } from "../support/pg-runtime.js";
import { createPgTestSchema, type PgTestSchema } from "../support/pg-test-schema.js";

const reminder: WorkflowDefinition = {
  name: "pg-reminder",
  initialState: "waiting",
  states: {
    waiting: {
      events: {
        Remind: { targetState: "reminded", commands: [{ name: "send" }], timeout: { afterMinutes: 1 } },
      },
    },
    reminded: {},
  },
};
const doc = (version: number, review: string): WorkflowDefinition => ({
  name: "pg-doc",
  version,
  initialState: "draft",
  states: {
    draft: { events: { Submit: { targetState: review } } },
    [review]: { events: { Approve: { targetState: "approved" } } },
    approved: {},
  },
});

describe("timeout retries and instance migration on @duraflows/pg", () => {
  let env: PgTestSchema;
  let pool: pg.Pool;

  beforeAll(async () => {
    env = await createPgTestSchema("pg-timeouts-migration", "duraflows_pg_it");
    pool = env.pool;
  });
  beforeEach(async () => {
    await env.truncate();
  });
  afterAll(async () => {
    await env?.drop();
  });

  it("records timeout failures with NUL characters sanitised, and a restarted process resumes the retry state", async () => {
    const clock = new SimulatedClock();
    const failing = {
      execute: () => {
        throw new Error("smtp\u0000down");
      },
    };
    const first = createPgRuntime(pool, {
      definitions: [reminder],
      clock,
      commands: { send: failing },
      runtime: { timeoutRetry: { initialDelayMs: 60_000, maxAttempts: 2 } },
    });
    const created = await first.runtime.createInstance({ workflowName: "pg-reminder" });
    clock.advanceMinutes(2);
    const sweep = await first.runtime.processExpiredWorkflows();
    expect(sweep.failed).toEqual([
      {
        uuid: created.uuid,
        error: "smtp\u0000down",
        attempts: 1,
        retryAt: new Date(clock.now().getTime() + 60_000),
      },
    ]);
    const stored = await pool.query("SELECT timeout_attempts, timeout_last_error FROM workflow_instances");
    expect(stored.rows).toEqual([{ timeout_attempts: 1, timeout_last_error: "smtp\uFFFDdown" }]);

    // A new process (new pool, new runtime) sees the same retry state and parks on the second failure.
    const restarted = createPgRuntime(env.createPool(), {
      definitions: [reminder],
      clock,
      commands: { send: failing },
      runtime: { timeoutRetry: { initialDelayMs: 60_000, maxAttempts: 2 } },
    });
    expect((await restarted.runtime.processExpiredWorkflows()).failed).toEqual([]);
    clock.advanceMinutes(2);
    const second = await restarted.runtime.processExpiredWorkflows();
    expect(second.parked).toEqual([{ uuid: created.uuid, error: "smtp\u0000down" }]);
    const parked = await restarted.runtime.findParkedTimeouts({ workflowName: "pg-reminder" });
    expect(parked.map((i) => [i.uuid, i.timeoutRetry?.attempts, i.timeoutRetry?.lastError])).toEqual([
      [created.uuid, 2, "smtp\uFFFDdown"],
    ]);

    const healed = createPgRuntime(pool, {
      definitions: [reminder],
      clock,
      commands: { send: { execute: () => ({ ok: true }) } },
    });
    await healed.runtime.rearmTimeout(created.uuid);
    expect((await healed.runtime.processExpiredWorkflows()).processed).toBe(1);
    expect((await healed.runtime.getInstance(created.uuid))!.currentState).toBe("reminded");
  });

  it("migrateInstances pages with a cursor loop over every candidate exactly once, in uuid order", async () => {
    const old = createPgRuntime(pool, { definitions: [doc(1, "reviewing")] }).runtime;
    const uuids: string[] = [];
    for (let i = 0; i < 23; i++) {
      const instance = await old.createInstance({ workflowName: "pg-doc" });
      if (i % 3 === 0) await old.triggerEvent({ workflowInstanceUuid: instance.uuid, eventName: "Submit" });
      uuids.push(instance.uuid);
    }
    const { runtime } = createPgRuntime(pool, { definitions: [doc(2, "inReview")] });
    const seen: string[] = [];
    const cursors: (string | null)[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await runtime.migrateInstances({
        workflowName: "pg-doc",
        fromVersion: 1,
        toVersion: 2,
        stateMapping: { reviewing: "inReview" },
        limit: 5,
        ...(cursor === undefined ? {} : { cursor }),
      });
      expect(page.failed).toEqual([]);
      seen.push(...page.migrated.map((m) => m.uuid));
      cursors.push(page.nextCursor);
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual([...uuids].sort());
    expect(cursors).toHaveLength(5);
    const versions = await pool.query(
      "SELECT definition_version, count(*)::int AS n FROM workflow_instances GROUP BY 1",
    );
    expect(versions.rows).toEqual([{ definition_version: 2, n: 23 }]);
    const summary = await runtime.listDefinitionVersions("pg-doc");
    expect(summary.map((v) => [v.version, v.activeInstances])).toEqual([
      [1, 0],
      [2, 23],
    ]);
  });
});
