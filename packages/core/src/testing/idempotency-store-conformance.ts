import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "./vitest-api.js";
import type { WorkflowIdempotencyStore } from "../persistence/workflow-idempotency-store.js";
import type { WorkflowTransactionRunner } from "../persistence/workflow-transaction-runner.js";
import type { WorkflowExecutionResult } from "../model/workflow-execution-result.js";

/** What {@link runIdempotencyStoreConformance} needs for each test. */
export interface IdempotencyStoreConformanceHarness {
  /**
   * Called before every test: the store, its transaction runner, the uuid of an existing instance the
   * receipts belong to, `withInstanceLock(work)` — runs `work` inside a transaction of `transactionRunner`
   * (a savepoint when one is active) after taking the row lock on that instance, as the runtime does — and a
   * `teardown` that is always called.
   */
  setup(): Promise<{
    store: WorkflowIdempotencyStore;
    transactionRunner: WorkflowTransactionRunner;
    instanceUuid: string;
    withInstanceLock<T>(work: () => Promise<T>): Promise<T>;
    teardown(): Promise<void>;
  }>;
}

function result(toState: string): WorkflowExecutionResult {
  return {
    outcome: "success",
    fromState: "open",
    toState,
    commandResults: [{ ok: true, code: "DONE", metadata: { amount: 10, nested: { list: [1, 2] } } }],
    historyUuid: randomUUID(),
  };
}

/**
 * Registers the `WorkflowIdempotencyStore` conformance suite.
 *
 * @example
 * ```ts
 * runIdempotencyStoreConformance("pg", { setup: async () => ({ store, transactionRunner, instanceUuid, withInstanceLock, teardown }) });
 * ```
 */
export function runIdempotencyStoreConformance(
  label: string,
  harness: IdempotencyStoreConformanceHarness,
): void {
  describe(`${label}: WorkflowIdempotencyStore conformance`, () => {
    let store: WorkflowIdempotencyStore;
    let runner: WorkflowTransactionRunner;
    let uuid: string;
    let locked: <T>(work: () => Promise<T>) => Promise<T>;
    let teardown: (() => Promise<void>) | undefined;

    beforeEach(async () => {
      const fixture = await harness.setup();
      store = fixture.store;
      runner = fixture.transactionRunner;
      uuid = fixture.instanceUuid;
      locked = (work) => fixture.withInstanceLock(work);
      teardown = fixture.teardown;
    });
    afterEach(async () => {
      await teardown?.();
      teardown = undefined;
    });

    it("every operation requires a transaction", async () => {
      await expect(store.find(uuid, "k")).rejects.toThrow();
      await expect(store.reserve({ workflowInstanceUuid: uuid, key: "k", eventName: "E" })).rejects.toThrow();
      await expect(store.complete(uuid, "k", result("done"))).rejects.toThrow();
      expect(await locked(() => store.find(uuid, "k"))).toBeNull();
    });

    it("reserve and complete round-trip; the result is immutable (second complete and missing key throw)", async () => {
      const stored = result("done");
      await locked(async () => {
        await store.reserve({
          workflowInstanceUuid: uuid,
          key: "order-1",
          eventName: "Pay",
          fingerprint: "fp-1",
        });
        const reserved = await store.find(uuid, "order-1");
        expect(reserved).toMatchObject({
          workflowInstanceUuid: uuid,
          key: "order-1",
          eventName: "Pay",
          fingerprint: "fp-1",
          result: null,
        });
        expect(reserved?.createdAt).toBeInstanceOf(Date);
        await store.complete(uuid, "order-1", stored);
      });
      await expect(locked(() => store.complete(uuid, "order-1", result("other")))).rejects.toThrow();
      await expect(locked(() => store.complete(uuid, "missing", result("other")))).rejects.toThrow();
      const found = await locked(() => store.find(uuid, "order-1"));
      expect(found?.result).toEqual(stored);
    });

    it("compares keys exactly (case, whitespace, NFC vs NFD) and round-trips an omitted fingerprint", async () => {
      const nfc = "caf\u00e9";
      const nfd = "cafe\u0301";
      await locked(async () => {
        for (const key of ["Key", "key", " key", nfc, nfd]) {
          await store.reserve({ workflowInstanceUuid: uuid, key, eventName: `E:${key}` });
        }
      });
      await locked(async () => {
        for (const key of ["Key", "key", " key", nfc, nfd]) {
          const found = await store.find(uuid, key);
          expect(found?.key).toBe(key);
          expect(found?.eventName).toBe(`E:${key}`);
          expect(found?.fingerprint).toBeUndefined();
        }
        expect(await store.find(uuid, "KEY")).toBeNull();
        expect(await store.find(uuid, "key ")).toBeNull();
      });
    });

    it("receipts roll back with the enclosing transaction", async () => {
      await expect(
        locked(async () => {
          await store.reserve({ workflowInstanceUuid: uuid, key: "rolled-back", eventName: "Pay" });
          await store.complete(uuid, "rolled-back", result("done"));
          throw new Error("abort");
        }),
      ).rejects.toThrow("abort");
      expect(await locked(() => store.find(uuid, "rolled-back"))).toBeNull();
    });

    it("a failed nested reservation is isolated and never overwrites an existing one", async () => {
      await locked(async () => {
        await store.reserve({
          workflowInstanceUuid: uuid,
          key: "existing",
          eventName: "Pay",
          fingerprint: "first",
        });
        await expect(
          runner.runInTransaction(() =>
            store.reserve({
              workflowInstanceUuid: uuid,
              key: "existing",
              eventName: "Other",
              fingerprint: "second",
            }),
          ),
        ).rejects.toThrow();
        await expect(
          runner.runInTransaction(async () => {
            await store.reserve({ workflowInstanceUuid: uuid, key: "nested", eventName: "Pay" });
            throw new Error("nested abort");
          }),
        ).rejects.toThrow("nested abort");
        await store.reserve({ workflowInstanceUuid: uuid, key: "after", eventName: "Pay" });
      });
      await locked(async () => {
        expect(await store.find(uuid, "existing")).toMatchObject({ eventName: "Pay", fingerprint: "first" });
        expect(await store.find(uuid, "nested")).toBeNull();
        expect(await store.find(uuid, "after")).not.toBeNull();
      });
    });
  });
}
