import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "./vitest-api.js";
import type { WorkflowHistoryStore } from "../persistence/workflow-history-store.js";
import type { WorkflowInstanceStore } from "../persistence/workflow-instance-store.js";
import type { WorkflowTransactionRunner } from "../persistence/workflow-transaction-runner.js";
import type { WorkflowInstance } from "../model/workflow-instance.js";
import type { WorkflowTimeoutRetry } from "../model/workflow-timeout-retry.js";
import { registerReadCapabilityCases } from "./instance-read-capability-cases.js";
import { registerWriteCapabilityCases } from "./instance-write-capability-cases.js";

/** What {@link runInstanceStoreConformance} needs for each test. */
export interface InstanceStoreConformanceHarness {
  /**
   * Called before every test: a store over empty storage and the transaction runner its locking reads
   * (`lockByUuid`, `findExpired`) use, plus a `teardown` that is always called after the test.
   */
  setup(): Promise<{
    store: WorkflowInstanceStore;
    transactionRunner: WorkflowTransactionRunner;
    /**
     * Optional: the history store paired with `store` (same storage and transactions). Given, the kit also
     * exercises its `appendWithInstanceUpdate` and `appendMany` when it implements them.
     */
    historyStore?: WorkflowHistoryStore;
    teardown(): Promise<void>;
  }>;
  /**
   * The backend runs one transaction at a time (one connection, such as PGlite): the parts of cases that need a
   * second transaction running beside a held row lock are left out, since that transaction would wait forever.
   */
  serialTransactions?: boolean;
}

const BASE = Date.UTC(2020, 0, 1);
const at = (minutes: number): Date => new Date(BASE + minutes * 60_000);

function makeInstance(overrides: Partial<WorkflowInstance> = {}): WorkflowInstance {
  return {
    uuid: randomUUID(),
    workflowName: "conformance",
    currentState: "open",
    version: 0,
    definitionVersion: 1,
    expiresAt: null,
    timeoutRetry: null,
    lastTransitionAt: at(0),
    context: { count: 1, nested: { ok: true } },
    metadata: { tenant: "t1" },
    createdAt: at(0),
    updatedAt: at(0),
    ...overrides,
  };
}

/**
 * Registers the `WorkflowInstanceStore` conformance suite. Optional members
 * (`findInstanceUuids`, `updateMany`, and the paired history store's `appendWithInstanceUpdate` and
 * `appendMany`) are exercised only when implemented; skipped tests say why.
 *
 * @example
 * ```ts
 * runInstanceStoreConformance("pg", { setup: async () => ({ store, transactionRunner, teardown: async () => {} }) });
 * ```
 */
export function runInstanceStoreConformance(label: string, harness: InstanceStoreConformanceHarness): void {
  describe(`${label}: WorkflowInstanceStore conformance`, () => {
    let store: WorkflowInstanceStore;
    let runner: WorkflowTransactionRunner;
    let historyStore: WorkflowHistoryStore | undefined;
    let teardown: (() => Promise<void>) | undefined;

    beforeEach(async () => {
      const fixture = await harness.setup();
      store = fixture.store;
      runner = fixture.transactionRunner;
      historyStore = fixture.historyStore;
      teardown = fixture.teardown;
    });
    afterEach(async () => {
      await teardown?.();
      teardown = undefined;
    });

    const insert = (instance: WorkflowInstance): Promise<void> =>
      runner.runInTransaction(() => store.create(instance));
    const expired = (limit: number, now: Date): Promise<WorkflowInstance[]> =>
      runner.runInTransaction(() => store.findExpired(limit, now));
    const retrying = (
      attempts: number,
      retryAt: Date | null,
      parkedAt: Date | null,
    ): WorkflowTimeoutRetry => ({
      attempts,
      lastError: `failure ${attempts}`,
      retryAt,
      parkedAt,
    });

    it("create then findByUuid returns the instance", async () => {
      const instance = makeInstance({ expiresAt: at(30) });
      await insert(instance);
      expect(await store.findByUuid(instance.uuid)).toEqual(instance);
    });

    it("findByUuid of an unknown uuid returns null", async () => {
      expect(await store.findByUuid(randomUUID())).toBeNull();
    });

    it("update persists currentState, version, context and expiresAt", async () => {
      const instance = makeInstance();
      await insert(instance);
      const changed = {
        ...instance,
        currentState: "closed",
        version: 1,
        context: { count: 2, list: [1, 2] },
        expiresAt: at(90),
        lastTransitionAt: at(5),
        updatedAt: at(5),
      };
      await runner.runInTransaction(() => store.update(changed));
      expect(await store.findByUuid(instance.uuid)).toEqual(changed);
    });

    it("update with a stale version throws and writes nothing", async () => {
      const instance = makeInstance();
      await insert(instance);
      await runner.runInTransaction(() => store.update({ ...instance, version: 1, currentState: "second" }));
      const stale = { ...instance, version: 1, currentState: "stale" };
      await expect(runner.runInTransaction(() => store.update(stale))).rejects.toThrow();
      expect((await store.findByUuid(instance.uuid))?.currentState).toBe("second");
    });

    it("update ignores metadata changes (write-once)", async () => {
      const instance = makeInstance();
      await insert(instance);
      await runner.runInTransaction(() =>
        store.update({ ...instance, version: 1, metadata: { tenant: "changed" } }),
      );
      expect((await store.findByUuid(instance.uuid))?.metadata).toEqual({ tenant: "t1" });
    });

    it("findExpired returns only instances whose deadline has passed", async () => {
      const past = makeInstance({ expiresAt: at(10) });
      const future = makeInstance({ expiresAt: at(100) });
      const none = makeInstance({ expiresAt: null });
      // Strict comparison: a deadline or retry time exactly at `now` is not due yet.
      const exactlyNow = makeInstance({ expiresAt: at(50) });
      const retryNow = makeInstance({ expiresAt: at(1), timeoutRetry: retrying(1, at(50), null) });
      for (const i of [past, future, none, exactlyNow, retryNow]) await insert(i);
      const uuids = (await expired(10, at(50))).map((i) => i.uuid);
      expect(uuids).toContain(past.uuid);
      expect(uuids).not.toContain(future.uuid);
      expect(uuids).not.toContain(none.uuid);
      expect(uuids).not.toContain(exactlyNow.uuid);
      expect(uuids).not.toContain(retryNow.uuid);
    });

    it("findExpired respects the limit", async () => {
      for (const minute of [1, 2, 3]) await insert(makeInstance({ expiresAt: at(minute) }));
      expect(await expired(2, at(50))).toHaveLength(2);
    });

    it("timeoutRetry round-trips (retrying, null, parked)", async () => {
      const retryingInstance = makeInstance({ expiresAt: at(1), timeoutRetry: retrying(2, at(40), null) });
      const plain = makeInstance({ expiresAt: at(1) });
      const parked = makeInstance({ expiresAt: at(1), timeoutRetry: retrying(10, null, at(20)) });
      for (const i of [retryingInstance, plain, parked]) await insert(i);
      expect((await store.findByUuid(retryingInstance.uuid))?.timeoutRetry).toEqual(
        retrying(2, at(40), null),
      );
      expect((await store.findByUuid(plain.uuid))?.timeoutRetry).toBeNull();
      expect((await store.findByUuid(parked.uuid))?.timeoutRetry).toEqual(retrying(10, null, at(20)));
      const cleared = { ...retryingInstance, version: 1, timeoutRetry: null };
      await runner.runInTransaction(() => store.update(cleared));
      expect((await store.findByUuid(retryingInstance.uuid))?.timeoutRetry).toBeNull();
    });

    it("findExpired skips parked and future-retry instances and orders by retryAt ?? expiresAt", async () => {
      const parked = makeInstance({ expiresAt: at(1), timeoutRetry: retrying(10, null, at(2)) });
      const futureRetry = makeInstance({ expiresAt: at(1), timeoutRetry: retrying(1, at(100), null) });
      const dueRetry = makeInstance({ expiresAt: at(1), timeoutRetry: retrying(1, at(30), null) });
      const early = makeInstance({ expiresAt: at(10) });
      const late = makeInstance({ expiresAt: at(40) });
      for (const i of [parked, futureRetry, dueRetry, early, late]) await insert(i);
      const uuids = (await expired(10, at(50))).map((i) => i.uuid);
      expect(uuids).toEqual([early.uuid, dueRetry.uuid, late.uuid]);
    });

    it("findParkedTimeouts orders by parkedAt, filters by workflow and respects the limit", async () => {
      const workflowName = `parked-${randomUUID()}`;
      const second = makeInstance({ workflowName, timeoutRetry: retrying(10, null, at(20)) });
      const first = makeInstance({ workflowName, timeoutRetry: retrying(10, null, at(10)) });
      const third = makeInstance({ workflowName, timeoutRetry: retrying(10, null, at(30)) });
      const other = makeInstance({
        workflowName: `${workflowName}-other`,
        timeoutRetry: retrying(10, null, at(5)),
      });
      const notParked = makeInstance({ workflowName, timeoutRetry: retrying(1, at(5), null) });
      for (const i of [second, first, third, other, notParked]) await insert(i);
      const found = await store.findParkedTimeouts({ limit: 10, workflowName });
      expect(found.map((i) => i.uuid)).toEqual([first.uuid, second.uuid, third.uuid]);
      const limited = await store.findParkedTimeouts({ limit: 2, workflowName });
      expect(limited.map((i) => i.uuid)).toEqual([first.uuid, second.uuid]);
      const all = (await store.findParkedTimeouts({ limit: 1000 })).map((i) => i.uuid);
      expect(all).toEqual(expect.arrayContaining([other.uuid, first.uuid]));
      expect(all).not.toContain(notParked.uuid);
    });

    it("definitionVersion round-trips, including null", async () => {
      const stamped = makeInstance({ definitionVersion: 7 });
      const legacy = makeInstance({ definitionVersion: null });
      await insert(stamped);
      await insert(legacy);
      expect((await store.findByUuid(stamped.uuid))?.definitionVersion).toBe(7);
      expect((await store.findByUuid(legacy.uuid))?.definitionVersion).toBeNull();
      await runner.runInTransaction(() => store.update({ ...legacy, version: 1, definitionVersion: 2 }));
      expect((await store.findByUuid(legacy.uuid))?.definitionVersion).toBe(2);
    });

    it("countInstances filters by workflow, version and excluded states (empty list counts all)", async () => {
      const workflowName = `count-${randomUUID()}`;
      const rows = [
        makeInstance({ workflowName, currentState: "open" }),
        makeInstance({ workflowName, currentState: "open" }),
        makeInstance({ workflowName, currentState: "done" }),
        makeInstance({ workflowName, currentState: "open", definitionVersion: 2 }),
        makeInstance({ workflowName, currentState: "open", definitionVersion: null }),
        makeInstance({ workflowName: `${workflowName}-other`, currentState: "open" }),
      ];
      for (const i of rows) await insert(i);
      expect(await store.countInstances({ workflowName, definitionVersion: 1, excludeStates: [] })).toBe(3);
      expect(
        await store.countInstances({ workflowName, definitionVersion: 1, excludeStates: ["done"] }),
      ).toBe(2);
      expect(await store.countInstances({ workflowName, definitionVersion: 2, excludeStates: [] })).toBe(1);
      expect(await store.countInstances({ workflowName, definitionVersion: 3, excludeStates: [] })).toBe(0);
    });

    const findUuidsSkip = "skipped: store does not implement findInstanceUuids";

    it("findInstanceUuids pages by workflow and version, ascending, after afterUuid and within limit (skipped when findInstanceUuids is not implemented)", async (ctx) => {
      if (!store.findInstanceUuids) return ctx.skip(findUuidsSkip);
      const workflowName = `uuids-${randomUUID()}`;
      const mine = [1, 2, 3, 4, 5].map(() => makeInstance({ workflowName }));
      const otherVersion = makeInstance({ workflowName, definitionVersion: 2 });
      const otherWorkflow = makeInstance({ workflowName: `${workflowName}-other` });
      for (const i of [...mine, otherVersion, otherWorkflow]) await insert(i);
      const sorted = mine.map((i) => i.uuid.toLowerCase()).sort();
      const first = await store.findInstanceUuids({ workflowName, definitionVersion: 1, limit: 2 });
      expect(first).toEqual(sorted.slice(0, 2));
      const next = await store.findInstanceUuids({
        workflowName,
        definitionVersion: 1,
        limit: 10,
        afterUuid: first[1],
      });
      expect(next).toEqual(sorted.slice(2));
      expect(await store.findInstanceUuids({ workflowName, definitionVersion: 2, limit: 10 })).toEqual([
        otherVersion.uuid.toLowerCase(),
      ]);
    });

    it("findInstanceUuids accepts the states/excludeStates hints whether honoured or ignored (skipped when findInstanceUuids is not implemented)", async (ctx) => {
      if (!store.findInstanceUuids) return ctx.skip(findUuidsSkip);
      const workflowName = `hints-${randomUUID()}`;
      const open = makeInstance({ workflowName, currentState: "open" });
      const done = makeInstance({ workflowName, currentState: "done" });
      for (const i of [open, done]) await insert(i);
      const all = [open.uuid, done.uuid].map((u) => u.toLowerCase());
      const onlyOpen = await store.findInstanceUuids({
        workflowName,
        definitionVersion: 1,
        limit: 10,
        states: ["open"],
      });
      expect(onlyOpen).toContain(open.uuid.toLowerCase());
      expect(all).toEqual(expect.arrayContaining(onlyOpen));
      const withoutDone = await store.findInstanceUuids({
        workflowName,
        definitionVersion: 1,
        limit: 10,
        excludeStates: ["done"],
      });
      expect(withoutDone).toContain(open.uuid.toLowerCase());
      expect(all).toEqual(expect.arrayContaining(withoutDone));
    });

    registerWriteCapabilityCases(() => ({
      store,
      runner,
      historyStore,
      makeInstance,
      serialTransactions: harness.serialTransactions === true,
    }));
    registerReadCapabilityCases(() => ({ store, runner, historyStore, makeInstance }));
  });
}
