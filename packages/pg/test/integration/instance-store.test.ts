import { WorkflowError } from "@duraflows/core";
import type pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PgTransactionContext } from "../../src/pg-transaction-context.js";
import { PgTransactionRunner } from "../../src/pg-transaction-runner.js";
import { PgWorkflowInstanceStore } from "../../src/pg-workflow-instance-store.js";
import { deferred, instanceFixture } from "../support/fixtures.js";
import { createPgTestSchema, type PgTestSchema } from "../support/pg-test-schema.js";

const at = (minutes: number) => new Date(Date.UTC(2030, 0, 1) + minutes * 60_000);

describe("PgWorkflowInstanceStore against PostgreSQL", () => {
  let env: PgTestSchema;
  let pool: pg.Pool;
  let store: PgWorkflowInstanceStore;
  let runner: PgTransactionRunner;

  beforeAll(async () => {
    env = await createPgTestSchema("pg-instance-store", "duraflows_pg_it");
    pool = env.pool;
    store = new PgWorkflowInstanceStore(pool);
    runner = new PgTransactionRunner(pool);
  });
  beforeEach(async () => {
    await env.truncate();
  });
  afterAll(async () => {
    await env?.drop();
  });

  it("lock_timeout aborts a lockByUuid blocked by another transaction's FOR UPDATE (driver error, unwrapped)", async () => {
    const instance = instanceFixture();
    await store.create(instance);
    const locked = deferred();
    const release = deferred();
    const holder = runner.runInTransaction(async () => {
      await store.lockByUuid(instance.uuid);
      locked.resolve();
      await release.promise;
    });
    await locked.promise;
    const otherPool = env.createPool();
    const impatient = new PgTransactionRunner(otherPool, { lockTimeoutMs: 100 });
    let error: unknown;
    try {
      error = await impatient
        .runInTransaction(() => new PgWorkflowInstanceStore(otherPool).lockByUuid(instance.uuid))
        .catch((e: unknown) => e);
    } finally {
      release.resolve();
      await holder;
    }
    expect(error).not.toBeInstanceOf(WorkflowError);
    expect((error as Error).message).toBe("canceling statement due to lock timeout");
  });

  it("update throws the exact optimistic-locking message on a stale version and never writes metadata", async () => {
    const instance = instanceFixture({ metadata: { tenant: "a" } });
    await store.create(instance);
    await store.update({ ...instance, version: 1, currentState: "next", metadata: { tenant: "changed" } });
    await expect(store.update({ ...instance, version: 1 })).rejects.toThrow(
      new WorkflowError(
        `Optimistic locking failure: workflow instance "${instance.uuid}" was modified concurrently (expected version 0)`,
      ),
    );
    const stored = await store.findByUuid(instance.uuid);
    expect(stored).toMatchObject({ version: 1, currentState: "next", metadata: { tenant: "a" } });
  });

  it("concurrent findExpired scans claim disjoint rows (FOR UPDATE SKIP LOCKED) in due order", async () => {
    for (let i = 0; i < 6; i++) await store.create(instanceFixture({ expiresAt: at(i) }));
    const firstClaimed = deferred<string[]>();
    const done = deferred();
    const first = runner.runInTransaction(async () => {
      const rows = await store.findExpired(3, at(100));
      firstClaimed.resolve(rows.map((r) => r.uuid));
      await done.promise;
      return rows;
    });
    const claimedByFirst = await firstClaimed.promise;
    const otherPool = env.createPool();
    let second: Awaited<typeof first>;
    try {
      second = await new PgTransactionRunner(otherPool).runInTransaction(() =>
        new PgWorkflowInstanceStore(otherPool).findExpired(10, at(100)),
      );
    } finally {
      done.resolve();
    }
    const firstRows = await first;
    expect(firstRows.map((r) => r.expiresAt)).toEqual([at(0), at(1), at(2)]);
    expect(second.map((r) => r.expiresAt)).toEqual([at(3), at(4), at(5)]);
    expect(second.map((r) => r.uuid)).not.toEqual(expect.arrayContaining(claimedByFirst));
  });

  it("findExpired: strict deadline, retry time, parked rows, and active executions excluded before the limit", async () => {
    const due = instanceFixture({ expiresAt: at(5) });
    const atNow = instanceFixture({ expiresAt: at(10) });
    const retryLater = instanceFixture({
      expiresAt: at(1),
      timeoutRetry: { attempts: 1, lastError: "x", retryAt: at(20), parkedAt: null },
    });
    const retryDue = instanceFixture({
      expiresAt: at(1),
      timeoutRetry: { attempts: 1, lastError: "x", retryAt: at(8), parkedAt: null },
    });
    const parked = instanceFixture({
      expiresAt: at(0),
      timeoutRetry: { attempts: 10, lastError: "x", retryAt: null, parkedAt: at(2) },
    });
    const busy = instanceFixture({ expiresAt: at(0) });
    for (const instance of [due, atNow, retryLater, retryDue, parked, busy]) await store.create(instance);
    await pool.query(
      `INSERT INTO workflow_executions (uuid, workflow_instance_uuid, idempotency_key, status, available_at, revision, execution_json)
       VALUES (gen_random_uuid(), $1, 'k', 'parked', now(), 0, '{}')`,
      [busy.uuid],
    );
    const scan = (limit: number, excludeActiveExecutions?: boolean) =>
      runner.runInTransaction(async () =>
        (await store.findExpired(limit, at(10), { excludeActiveExecutions })).map((r) => r.uuid),
      );
    expect(await scan(10)).toEqual([busy.uuid, due.uuid, retryDue.uuid]);
    expect(await scan(2, true)).toEqual([due.uuid, retryDue.uuid]);
  });

  it("round-trips timeoutRetry, including a sanitised diagnostic, and maps attempts 0 to null", async () => {
    const retrying = instanceFixture({
      timeoutRetry: { attempts: 2, lastError: "bad \uFFFD byte", retryAt: at(3), parkedAt: null },
    });
    await store.create(retrying);
    expect((await store.findByUuid(retrying.uuid))!.timeoutRetry).toEqual(retrying.timeoutRetry);
    await pool.query(
      "UPDATE workflow_instances SET timeout_attempts = 0, timeout_last_error = 'stale' WHERE uuid = $1",
      [retrying.uuid],
    );
    expect((await store.findByUuid(retrying.uuid))!.timeoutRetry).toBeNull();
  });

  it("findInstanceUuids pages in lowercase-hex order and honours states / excludeStates", async () => {
    const uuids = ["0a", "9f", "a0", "ff", "10"].map((p) => `${p}000000-0000-4000-8000-000000000000`);
    for (const [i, uuid] of uuids.entries()) {
      await store.create(instanceFixture({ uuid, currentState: i % 2 === 0 ? "open" : "done" }));
    }
    const sorted = [...uuids].sort();
    const base = { workflowName: "pg-it", definitionVersion: 1 };
    const first = await store.findInstanceUuids({ ...base, limit: 2 });
    expect(first).toEqual(sorted.slice(0, 2));
    expect(await store.findInstanceUuids({ ...base, limit: 10, afterUuid: first[1] })).toEqual(
      sorted.slice(2),
    );
    expect(await store.findInstanceUuids({ ...base, limit: 10, states: [] })).toEqual([]);
    expect(await store.findInstanceUuids({ ...base, limit: 10, excludeStates: [] })).toEqual(sorted);
    expect(await store.findInstanceUuids({ ...base, limit: 10, states: ["done"] })).toEqual(
      sorted.filter((u) => uuids.indexOf(u) % 2 === 1),
    );
    expect(await store.countInstances({ ...base, excludeStates: ["done"] })).toBe(3);
  });

  it("stores use the transaction's client when one is active, and the pool otherwise", async () => {
    const instance = instanceFixture();
    await runner.runInTransaction(async () => {
      await store.create(instance);
      expect(await store.findByUuid(instance.uuid)).not.toBeNull();
      const outside = await env.createPool().query("SELECT count(*)::int AS n FROM workflow_instances");
      expect(outside.rows[0].n).toBe(0);
      expect(PgTransactionContext.getClient(pool)).toBeDefined();
    });
    expect(await store.findByUuid(instance.uuid)).not.toBeNull();
  });
});
