import { afterEach, beforeEach, describe, expect, it } from "./vitest-api.js";
import type { DurableWorkflowExecution } from "../model/durable-execution.js";
import type { WorkflowExecutionStore } from "../persistence/workflow-execution-store.js";
import { WorkflowError } from "../errors/workflow-error.js";
import { executionFixture } from "./execution-fixture.js";
import { executionClaimCases } from "./execution-claim-cases.js";
import { executionReadCases } from "./execution-read-capability-cases.js";
import { countInstancesUsingDefinitionCase } from "./execution-store-count-case.js";
import type { ExecutionStoreConformanceSetup } from "./execution-store-conformance-setup.js";

/** Harness of {@link runExecutionStoreConformance}. */
export interface ExecutionStoreConformanceHarness {
  setup(): Promise<ExecutionStoreConformanceSetup>;
}

const BASE = Date.parse("2030-01-01T00:00:00.000Z");
const at = (offsetMs: number): string => new Date(BASE + offsetMs).toISOString();

/**
 * Conformance suite for a `WorkflowExecutionStore`: JSON copies, optimistic revisions, unique `(instance, key)`,
 * one active execution per instance, `findActive`, `findActiveInstanceUuids` and `createUnlessTaken` (each
 * skipped with the reason when not implemented), `findDue` filters and order, the batch claim `claimDue`
 * (leases, limit, unleasable rows, disjoint concurrent claims, held instances passed over; skipped with the
 * reason when not implemented), transaction-required writes and
 * `countInstancesUsingDefinition` (skipped with the reason when the store does not implement it).
 *
 * @example
 * ```ts
 * runExecutionStoreConformance("PgWorkflowExecutionStore", { setup: async () => ({ store, transactionRunner, createInstance, teardown }) });
 * ```
 */
export function runExecutionStoreConformance(label: string, harness: ExecutionStoreConformanceHarness): void {
  describe(`WorkflowExecutionStore conformance: ${label}`, () => {
    let env: ExecutionStoreConformanceSetup;
    let store: WorkflowExecutionStore;
    const tx = <T>(work: () => Promise<T>): Promise<T> => env.transactionRunner.runInTransaction(work);
    const insert = async (
      overrides: Partial<DurableWorkflowExecution> = {},
    ): Promise<DurableWorkflowExecution> => {
      const instanceUuid = overrides.workflowInstanceUuid ?? (await env.createInstance());
      const execution = executionFixture({
        workflowInstanceUuid: instanceUuid,
        availableAt: at(0),
        ...overrides,
      });
      await tx(() => store.create(execution));
      return execution;
    };

    beforeEach(async () => {
      env = await harness.setup();
      store = env.store;
    });
    afterEach(async () => {
      await env.teardown();
    });

    it("create, findByUuid and findByKey round-trip independent JSON copies", async () => {
      const execution = await insert({ subject: { n: 1 }, idempotencyFingerprint: "fp" });
      const byUuid = await store.findByUuid(execution.uuid);
      expect(byUuid).toEqual(execution);
      expect(await store.findByKey(execution.workflowInstanceUuid, execution.idempotencyKey)).toEqual(
        execution,
      );
      byUuid!.journal.push({
        id: "0",
        name: "x",
        result: { ok: true },
        context: {},
        attempts: 1,
        completedAt: at(0),
      });
      (execution.initialContext as Record<string, unknown>).changed = true;
      const again = await store.findByUuid(execution.uuid);
      expect(again!.journal).toEqual([]);
      expect(again!.initialContext).toEqual({ seeded: true });
    });

    it("omitted optional fields stay absent and unknown lookups return null", async () => {
      const execution = await insert();
      const found = await store.findByUuid(execution.uuid);
      expect(Object.hasOwn(found!, "subject")).toBe(false);
      expect(Object.hasOwn(found!, "idempotencyFingerprint")).toBe(false);
      expect(Object.hasOwn(found!, "rejectedBy")).toBe(false);
      expect(await store.findByUuid("00000000-0000-4000-8000-00000000ffff")).toBeNull();
      expect(await store.findByKey(execution.workflowInstanceUuid, "other-key")).toBeNull();
    });

    it("update is optimistic on revision", async () => {
      const execution = await insert();
      const next = {
        ...execution,
        revision: 1,
        status: "running" as const,
        leaseToken: "t",
        leaseUntil: at(1000),
      };
      await tx(() => store.update(next));
      expect(await store.findByUuid(execution.uuid)).toEqual(next);
      const stale = { ...execution, revision: 1, attempts: 5 };
      await expect(tx(() => store.update(stale))).rejects.toThrow(
        new WorkflowError("Durable execution revision conflict"),
      );
      const skipped = { ...next, revision: 3 };
      await expect(tx(() => store.update(skipped))).rejects.toThrow("Durable execution revision conflict");
      const missing = executionFixture({ workflowInstanceUuid: execution.workflowInstanceUuid, revision: 1 });
      await expect(tx(() => store.update(missing))).rejects.toThrow("Durable execution revision conflict");
      expect((await store.findByUuid(execution.uuid))!.revision).toBe(1);
    });

    it("idempotency keys are unique per instance only", async () => {
      const first = await insert({ idempotencyKey: "k", status: "completed" });
      await expect(
        tx(() =>
          store.create(
            executionFixture({
              workflowInstanceUuid: first.workflowInstanceUuid,
              idempotencyKey: "k",
              status: "completed",
            }),
          ),
        ),
      ).rejects.toThrow();
      const other = await insert({ idempotencyKey: "k" });
      expect(await store.findByKey(other.workflowInstanceUuid, "k")).toEqual(other);
      expect(await store.findByKey(first.workflowInstanceUuid, "k")).toEqual(first);
    });

    it("an instance owns at most one pending, running or parked execution", async () => {
      for (const status of ["pending", "running", "parked"] as const) {
        const instance = await env.createInstance();
        await insert({ workflowInstanceUuid: instance, status, idempotencyKey: "a" });
        await expect(
          tx(() => store.create(executionFixture({ workflowInstanceUuid: instance, idempotencyKey: "b" }))),
        ).rejects.toThrow();
      }
    });

    it("completed and cancelled executions do not count as active", async () => {
      const instance = await env.createInstance();
      const done = await insert({ workflowInstanceUuid: instance, status: "completed", idempotencyKey: "a" });
      await insert({ workflowInstanceUuid: instance, status: "cancelled", idempotencyKey: "b" });
      const active = await insert({ workflowInstanceUuid: instance, status: "pending", idempotencyKey: "c" });
      expect(await store.findActive(instance)).toEqual(active);
      const reopened = { ...done, revision: 1, status: "pending" as const };
      await expect(tx(() => store.update(reopened))).rejects.toThrow();
    });

    it("findActive returns the pending, running or parked execution, else null", async () => {
      for (const status of ["pending", "running", "parked"] as const) {
        const execution = await insert({ status });
        expect(await store.findActive(execution.workflowInstanceUuid)).toEqual(execution);
      }
      for (const status of ["completed", "cancelled"] as const) {
        const execution = await insert({ status });
        expect(await store.findActive(execution.workflowInstanceUuid)).toBeNull();
      }
      expect(await store.findActive(await env.createInstance())).toBeNull();
    });

    it("findByKeyOrActive answers findByKey and findActive at once", async (ctx) => {
      if (typeof store.findByKeyOrActive !== "function") {
        console.info(`[${label}] findByKeyOrActive is not implemented; case skipped`);
        ctx.skip();
        return;
      }
      const instance = await env.createInstance();
      const done = await insert({ workflowInstanceUuid: instance, status: "completed", idempotencyKey: "a" });
      expect(await store.findByKeyOrActive(instance, "a")).toEqual({ byKey: done, active: null });
      expect(await store.findByKeyOrActive(instance, "none")).toEqual({ byKey: null, active: null });
      const active = await insert({ workflowInstanceUuid: instance, status: "running", idempotencyKey: "b" });
      expect(await store.findByKeyOrActive(instance, "a")).toEqual({ byKey: done, active });
      expect(await store.findByKeyOrActive(instance, "b")).toEqual({ byKey: active, active });
      expect(await store.findByKeyOrActive(instance, "none")).toEqual({ byKey: null, active });
      expect(await store.findByKeyOrActive(await env.createInstance(), "b")).toEqual({
        byKey: null,
        active: null,
      });
    });

    it("createUnlessTaken inserts only when neither the key nor an active execution exists", async (ctx) => {
      if (typeof store.createUnlessTaken !== "function") {
        console.info(`[${label}] createUnlessTaken is not implemented; case skipped`);
        ctx.skip();
        return;
      }
      const createUnlessTaken = store.createUnlessTaken.bind(store);
      const instance = await env.createInstance();
      const record = (idempotencyKey: string): DurableWorkflowExecution =>
        executionFixture({ workflowInstanceUuid: instance, idempotencyKey, availableAt: at(0) });
      const done = await insert({ workflowInstanceUuid: instance, status: "completed", idempotencyKey: "a" });
      const replay = record("a");
      expect(await tx(() => createUnlessTaken(replay))).toEqual({ byKey: done, active: null });
      expect(await store.findByUuid(replay.uuid)).toBeNull();
      const fresh = record("b");
      expect(await tx(() => createUnlessTaken(fresh))).toEqual({ byKey: null, active: null });
      expect(await store.findByUuid(fresh.uuid)).toEqual(fresh);
      const busy = record("c");
      expect(await tx(() => createUnlessTaken(busy))).toEqual({ byKey: null, active: fresh });
      expect(await store.findByUuid(busy.uuid)).toBeNull();
      const again = record("b");
      expect(await tx(() => createUnlessTaken(again))).toEqual({ byKey: fresh, active: fresh });
      expect(await store.findByUuid(again.uuid)).toBeNull();
    });

    it("findActiveInstanceUuids names the given instances that own an active execution", async (ctx) => {
      if (typeof store.findActiveInstanceUuids !== "function") {
        console.info(`[${label}] findActiveInstanceUuids is not implemented; case skipped`);
        ctx.skip();
        return;
      }
      const busy: string[] = [];
      for (const status of ["pending", "running", "parked"] as const) {
        const execution = await insert({ status });
        // Two finished executions beside the active one must not name the instance twice.
        await insert({
          workflowInstanceUuid: execution.workflowInstanceUuid,
          status: "completed",
          idempotencyKey: "done",
        });
        busy.push(execution.workflowInstanceUuid);
      }
      const finished = (await insert({ status: "completed" })).workflowInstanceUuid;
      const cancelled = (await insert({ status: "cancelled" })).workflowInstanceUuid;
      const idle = await env.createInstance();
      const notAsked = (await insert()).workflowInstanceUuid;
      const found = await store.findActiveInstanceUuids([...busy, finished, cancelled, idle]);
      expect(found.map((uuid) => uuid.toLowerCase()).sort()).toEqual(
        busy.map((uuid) => uuid.toLowerCase()).sort(),
      );
      expect(found.map((uuid) => uuid.toLowerCase())).not.toContain(notAsked.toLowerCase());
      expect(await store.findActiveInstanceUuids([])).toEqual([]);
    });

    it("findDue keeps available pending/running work without a live lease", async () => {
      const pending = await insert({ availableAt: at(-1000) });
      const availableNow = await insert({ availableAt: at(0) });
      const expiredLease = await insert({
        status: "running",
        leaseToken: "t",
        leaseUntil: at(-1),
        availableAt: at(-2000),
      });
      const leaseEndsNow = await insert({
        status: "running",
        leaseToken: "t",
        leaseUntil: at(0),
        availableAt: at(-500),
      });
      await insert({ availableAt: at(1) });
      await insert({ status: "running", leaseToken: "t", leaseUntil: at(1), availableAt: at(-3000) });
      await insert({ status: "parked", availableAt: at(-4000) });
      await insert({ status: "completed", availableAt: at(-4000) });
      await insert({ status: "cancelled", availableAt: at(-4000) });
      const due = await store.findDue(100, new Date(BASE));
      expect(due.map((e) => e.uuid)).toEqual([
        expiredLease.uuid,
        pending.uuid,
        leaseEndsNow.uuid,
        availableNow.uuid,
      ]);
      expect(due[0]).toEqual(expiredLease);
    });

    it("findDue orders ties by uuid and honours the limit", async () => {
      const uuids = [
        "00000000-0000-4000-8000-000000000003",
        "00000000-0000-4000-8000-000000000001",
        "00000000-0000-4000-8000-000000000002",
      ];
      for (const uuid of uuids) await insert({ uuid, availableAt: at(-10) });
      const early = await insert({ availableAt: at(-20) });
      expect((await store.findDue(100, new Date(BASE))).map((e) => e.uuid)).toEqual([
        early.uuid,
        ...[...uuids].sort(),
      ]);
      expect((await store.findDue(2, new Date(BASE))).map((e) => e.uuid)).toEqual([early.uuid, uuids[1]]);
    });

    it("writes outside a transaction throw and nothing is stored", async () => {
      const instance = await env.createInstance();
      const execution = executionFixture({ workflowInstanceUuid: instance });
      await expect(store.create(execution)).rejects.toThrow(WorkflowError);
      expect(await store.findByUuid(execution.uuid)).toBeNull();
      await tx(() => store.create(execution));
      await expect(store.update({ ...execution, revision: 1 })).rejects.toThrow(WorkflowError);
      expect((await store.findByUuid(execution.uuid))!.revision).toBe(0);
    });

    it("writes roll back with the enclosing transaction", async () => {
      const execution = await insert();
      const created = executionFixture({ workflowInstanceUuid: await env.createInstance() });
      const failure = new Error("rollback");
      await expect(
        tx(async () => {
          await store.create(created);
          await store.update({ ...execution, revision: 1, status: "completed" });
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(await store.findByUuid(created.uuid)).toBeNull();
      expect(await store.findByUuid(execution.uuid)).toEqual(execution);
    });

    executionClaimCases(label, () => env, insert);
    countInstancesUsingDefinitionCase(label, () => env, insert);
    executionReadCases(() => env, insert);
  });
}
