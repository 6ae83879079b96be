import { randomUUID } from "node:crypto";
import type { DurableWorkflowExecution } from "@duraflows/core";
import type pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PgTransactionRunner } from "../../src/pg-transaction-runner.js";
import { PgWorkflowExecutionStore } from "../../src/pg-workflow-execution-store.js";
import { PgWorkflowInstanceStore } from "../../src/pg-workflow-instance-store.js";
import { deferred, instanceFixture } from "../support/fixtures.js";
import { createPgTestSchema, type PgTestSchema } from "../support/pg-test-schema.js";

/** The fields the store's columns read; the rest of the record is opaque JSON to it. */
function execution(workflowInstanceUuid: string): DurableWorkflowExecution {
  const at = "2030-01-01T00:00:00.000Z";
  return {
    uuid: randomUUID(),
    workflowInstanceUuid,
    idempotencyKey: `key-${randomUUID()}`,
    status: "running",
    revision: 0,
    availableAt: at,
    leaseUntil: at,
  } as DurableWorkflowExecution;
}

/*
 * The workers' owned transactions lock the instance and read the execution in one statement. A plain read in
 * that statement would see the snapshot taken before it waited for the instance lock; these tests pin that it
 * returns the execution as the lock holder committed it, and that it declines instance stores it cannot stand
 * in for.
 */
describe("PgWorkflowExecutionStore.lockInstanceAndFind", () => {
  let env: PgTestSchema;
  let pool: pg.Pool;
  let instances: PgWorkflowInstanceStore;
  let executions: PgWorkflowExecutionStore;
  let runner: PgTransactionRunner;

  beforeAll(async () => {
    env = await createPgTestSchema("pg-execution-lock-and-find", "duraflows_pg_it");
    pool = env.pool;
    instances = new PgWorkflowInstanceStore(pool);
    executions = new PgWorkflowExecutionStore(pool);
    runner = new PgTransactionRunner(pool);
  });
  beforeEach(async () => {
    await env.truncate();
  });
  afterAll(async () => {
    await env?.drop();
  });

  async function seed(): Promise<DurableWorkflowExecution> {
    const instance = instanceFixture();
    await instances.create(instance);
    const record = execution(instance.uuid);
    await runner.runInTransaction(() => executions.create(record));
    return record;
  }

  it("returns the locked instance and the execution, or nulls for absent rows", async () => {
    const record = await seed();
    const both = await runner.runInTransaction(() =>
      executions.lockInstanceAndFind(instances, record.workflowInstanceUuid, record.uuid),
    );
    expect(both?.instance).toEqual(
      await runner.runInTransaction(() => instances.lockByUuid(record.workflowInstanceUuid)),
    );
    expect(both?.execution).toEqual(record);
    const none = await runner.runInTransaction(() =>
      executions.lockInstanceAndFind(instances, randomUUID(), randomUUID()),
    );
    expect(none).toEqual({ instance: null, execution: null });
    const noInstance = await runner.runInTransaction(() =>
      executions.lockInstanceAndFind(instances, randomUUID(), record.uuid),
    );
    expect(noInstance).toEqual({ instance: null, execution: record });
  });

  it("after waiting for the instance lock, returns the execution its holder committed", async () => {
    const record = await seed();
    const locked = deferred();
    const release = deferred();
    const holder = runner.runInTransaction(async () => {
      await instances.lockByUuid(record.workflowInstanceUuid);
      await executions.update({ ...record, revision: 1, status: "pending", leaseUntil: null });
      locked.resolve();
      await release.promise;
    });
    await locked.promise;
    const otherPool = env.createPool();
    try {
      const otherExecutions = new PgWorkflowExecutionStore(otherPool);
      const otherInstances = new PgWorkflowInstanceStore(otherPool);
      const waiting = new PgTransactionRunner(otherPool).runInTransaction(() =>
        otherExecutions.lockInstanceAndFind(otherInstances, record.workflowInstanceUuid, record.uuid),
      );
      // Let the statement start (and take its snapshot) before the holder commits.
      await new Promise((resolve) => setTimeout(resolve, 200));
      release.resolve();
      await holder;
      const seen = await waiting;
      expect(seen?.execution?.revision).toBe(1);
      expect(seen?.execution?.status).toBe("pending");
    } finally {
      release.resolve();
      await otherPool.end();
    }
  });

  it("declines outside a transaction, for another pool's instance store and for an overridden lockByUuid", async () => {
    const record = await seed();
    expect(
      await executions.lockInstanceAndFind(instances, record.workflowInstanceUuid, record.uuid),
    ).toBeUndefined();
    const otherPool = env.createPool();
    try {
      const foreign = new PgWorkflowInstanceStore(otherPool);
      class Audited extends PgWorkflowInstanceStore {
        override lockByUuid(uuid: string) {
          return super.lockByUuid(uuid);
        }
      }
      const wrapped = new PgWorkflowInstanceStore(pool);
      wrapped.lockByUuid = (uuid) => PgWorkflowInstanceStore.prototype.lockByUuid.call(wrapped, uuid);
      for (const instanceStore of [foreign, new Audited(pool), wrapped]) {
        const answer = await runner.runInTransaction(() =>
          executions.lockInstanceAndFind(instanceStore, record.workflowInstanceUuid, record.uuid),
        );
        expect(answer).toBeUndefined();
      }
    } finally {
      await otherPool.end();
    }
  });
});
