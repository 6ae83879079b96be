import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "./vitest-api.js";
import type { StateEnterEvent } from "../observer/types.js";
import type { NewWorkflowOutboxRecord } from "../model/outbox.js";
import type { WorkflowOutboxStore } from "../persistence/workflow-outbox-store.js";
import type { WorkflowTransactionRunner } from "../persistence/workflow-transaction-runner.js";

/** What {@link runOutboxStoreConformance} needs for each test. */
export interface OutboxStoreConformanceHarness {
  /** Called before every test: an empty outbox, its transaction runner and a `teardown` always called. */
  setup(): Promise<{
    store: WorkflowOutboxStore;
    transactionRunner: WorkflowTransactionRunner;
    teardown(): Promise<void>;
  }>;
}

const T0 = new Date("2026-01-01T00:00:00.000Z");
const at = (ms: number): Date => new Date(T0.getTime() + ms);

function event(instanceUuid: string, toState: string): StateEnterEvent {
  return {
    workflowName: "order",
    instanceUuid,
    state: toState,
    fromState: "draft",
    toState,
    transitionUuid: randomUUID(),
    triggerEvent: "Submit",
    context: { total: 12.5, items: ["a", "é"], nested: { ok: true } },
    metadata: { tenant: "t1" },
    triggerMetadata: { source: "api" },
    occurredAt: T0,
  };
}

function row(instanceUuid: string, toState: string, observerName = "audit"): NewWorkflowOutboxRecord {
  return {
    uuid: randomUUID(),
    observerName,
    workflowName: "order",
    workflowInstanceUuid: instanceUuid,
    event: event(instanceUuid, toState),
    createdAt: T0,
  };
}

/**
 * Registers the `WorkflowOutboxStore` conformance suite: append order, head-only claims per instance and
 * observer, leases, retries, parking, re-delivery and pruning.
 *
 * @example
 * ```ts
 * runOutboxStoreConformance("pg", { setup: async () => ({ store, transactionRunner, teardown }) });
 * ```
 */
export function runOutboxStoreConformance(label: string, harness: OutboxStoreConformanceHarness): void {
  describe(`${label}: WorkflowOutboxStore conformance`, () => {
    let store: WorkflowOutboxStore;
    let tx: <T>(work: () => Promise<T>) => Promise<T>;
    let teardown: (() => Promise<void>) | undefined;

    beforeEach(async () => {
      const fixture = await harness.setup();
      store = fixture.store;
      tx = (work) => fixture.transactionRunner.runInTransaction(work);
      teardown = fixture.teardown;
    });
    afterEach(async () => {
      await teardown?.();
      teardown = undefined;
    });

    const claim = (now: number, limit = 10, leaseMs = 60_000, observerNames = ["audit", "mailer"]) =>
      tx(() => store.claimDue({ now: at(now), leaseUntil: at(now + leaseMs), limit, observerNames }));

    it("keeps rows exactly as appended, in order, pending with no attempts", async () => {
      const instance = randomUUID();
      const rows = [row(instance, "submitted"), row(instance, "paid")];
      await tx(() => store.append(rows));
      const listed = await tx(() => store.list({ limit: 10 }));
      expect(listed.map((r) => r.uuid)).toEqual(rows.map((r) => r.uuid));
      expect(listed[0]!.seq).toBeLessThan(listed[1]!.seq);
      expect(listed[0]).toMatchObject({
        observerName: "audit",
        workflowName: "order",
        workflowInstanceUuid: instance,
        status: "pending",
        attempts: 0,
        lastError: null,
        deliveredAt: null,
      });
      expect(JSON.parse(JSON.stringify(listed[0]!.event))).toEqual(
        JSON.parse(JSON.stringify(rows[0]!.event)),
      );
    });

    it("drops appended rows when the transaction rolls back", async () => {
      await tx(async () => {
        await store.append([row(randomUUID(), "submitted")]);
        throw new Error("rollback");
      }).catch(() => undefined);
      expect(await tx(() => store.list({ limit: 10 }))).toEqual([]);
    });

    it("claims only the oldest pending row of each instance and observer, and leases it", async () => {
      const a = randomUUID();
      const b = randomUUID();
      const rows = [row(a, "s1"), row(a, "s2"), row(b, "s1"), row(a, "s1", "mailer")];
      await tx(() => store.append(rows));
      const first = await claim(0);
      expect(first.map((r) => r.uuid)).toEqual([rows[0]!.uuid, rows[2]!.uuid, rows[3]!.uuid]);
      expect(first.every((r) => r.attempts === 1)).toBe(true);
      expect(first[0]!.availableAt.getTime()).toBe(at(60_000).getTime());
      // Leased and not delivered: nothing of those instances is due, and the second row still waits.
      expect(await claim(1_000)).toEqual([]);
      await tx(() => store.markDelivered([rows[0]!.uuid], at(2_000)));
      expect((await claim(2_000)).map((r) => r.uuid)).toEqual([rows[1]!.uuid]);
    });

    it("gives a row whose lease ran out to the next claim, counting the attempt", async () => {
      const rows = [row(randomUUID(), "s1")];
      await tx(() => store.append(rows));
      await claim(0, 10, 5_000);
      const again = await claim(5_000);
      expect(again.map((r) => [r.uuid, r.attempts])).toEqual([[rows[0]!.uuid, 2]]);
    });

    it("claims only rows of the given observers", async () => {
      const instance = randomUUID();
      const rows = [row(instance, "s1", "elsewhere"), row(instance, "s1", "audit")];
      await tx(() => store.append(rows));
      expect((await claim(0, 10, 60_000, ["audit"])).map((r) => r.uuid)).toEqual([rows[1]!.uuid]);
      expect(await claim(0, 10, 60_000, ["nobody"])).toEqual([]);
    });

    it("respects the limit", async () => {
      await tx(() => store.append([row(randomUUID(), "s"), row(randomUUID(), "s"), row(randomUUID(), "s")]));
      expect(await claim(0, 2)).toHaveLength(2);
    });

    it("retries a failed row at retryAt and parks it on request; a parked row no longer blocks", async () => {
      const instance = randomUUID();
      const rows = [row(instance, "s1"), row(instance, "s2")];
      await tx(() => store.append(rows));
      const [claimed] = await claim(0);
      await tx(() =>
        store.markFailed({ uuid: claimed!.uuid, attempts: 1, error: "boom", retryAt: at(10_000) }),
      );
      expect(await claim(5_000)).toEqual([]);
      const [retry] = await claim(10_000);
      expect(retry).toMatchObject({ uuid: rows[0]!.uuid, attempts: 2, lastError: "boom" });
      await tx(() => store.markFailed({ uuid: retry!.uuid, attempts: 2, error: "still", retryAt: null }));
      const parked = await tx(() => store.list({ status: "parked", limit: 10 }));
      expect(parked).toMatchObject([
        { uuid: rows[0]!.uuid, status: "parked", lastError: "still", attempts: 2 },
      ]);
      expect((await claim(10_000)).map((r) => r.uuid)).toEqual([rows[1]!.uuid]);
    });

    it("ignores a report from an older claim", async () => {
      const rows = [row(randomUUID(), "s1")];
      await tx(() => store.append(rows));
      await claim(0, 10, 1_000);
      await claim(1_000);
      await tx(() => store.markFailed({ uuid: rows[0]!.uuid, attempts: 1, error: "late", retryAt: null }));
      const [current] = await tx(() => store.list({ limit: 10 }));
      expect(current).toMatchObject({ status: "pending", attempts: 2, lastError: null });
    });

    it("re-delivers a row, and answers null for an unknown one", async () => {
      const rows = [row(randomUUID(), "s1")];
      await tx(() => store.append(rows));
      await claim(0);
      await tx(() => store.markFailed({ uuid: rows[0]!.uuid, attempts: 1, error: "x", retryAt: null }));
      const back = await tx(() => store.redeliver(rows[0]!.uuid, at(50_000)));
      expect(back).toMatchObject({ uuid: rows[0]!.uuid, status: "pending", attempts: 0 });
      expect((await claim(50_000)).map((r) => r.uuid)).toEqual([rows[0]!.uuid]);
      expect(await tx(() => store.redeliver(randomUUID(), at(0)))).toBeNull();
    });

    it("filters the list by status and instance", async () => {
      const a = randomUUID();
      const rows = [row(a, "s1"), row(randomUUID(), "s1")];
      await tx(() => store.append(rows));
      await claim(0);
      await tx(() => store.markDelivered([rows[1]!.uuid], at(1)));
      expect((await tx(() => store.list({ status: "delivered", limit: 10 }))).map((r) => r.uuid)).toEqual([
        rows[1]!.uuid,
      ]);
      expect((await tx(() => store.list({ workflowInstanceUuid: a, limit: 10 }))).map((r) => r.uuid)).toEqual(
        [rows[0]!.uuid],
      );
    });

    it("deletes delivered rows older than the cut-off, up to the limit", async () => {
      const rows = [row(randomUUID(), "s"), row(randomUUID(), "s"), row(randomUUID(), "s")];
      await tx(() => store.append(rows));
      await claim(0);
      await tx(() => store.markDelivered([rows[0]!.uuid, rows[1]!.uuid], at(1_000)));
      expect(await tx(() => store.deleteDelivered({ before: at(1_000), limit: 10 }))).toBe(0);
      expect(await tx(() => store.deleteDelivered({ before: at(2_000), limit: 1 }))).toBe(1);
      expect(await tx(() => store.deleteDelivered({ before: at(2_000), limit: 10 }))).toBe(1);
      expect((await tx(() => store.list({ limit: 10 }))).map((r) => r.uuid)).toEqual([rows[2]!.uuid]);
    });
  });
}
