import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "./vitest-api.js";
import type { WorkflowInstanceStore } from "../persistence/workflow-instance-store.js";
import type { WorkflowTransactionRunner } from "../persistence/workflow-transaction-runner.js";
import type { WorkflowInstance } from "../model/workflow-instance.js";

/** What {@link runTransactionRunnerConformance} needs for each test. */
export interface TransactionRunnerConformanceHarness {
  /**
   * Called before every test: a runner that implements `afterCommit`, an instance store whose writes join the
   * runner's transactions (used to observe commits and rollbacks), optionally a function that makes the
   * database fail inside the current transaction (e.g. invalid SQL), and a `teardown` that is always called.
   */
  setup(): Promise<{
    runner: WorkflowTransactionRunner;
    store: WorkflowInstanceStore;
    failWithDatabaseError?: () => Promise<void>;
    teardown(): Promise<void>;
  }>;
}

function makeInstance(): WorkflowInstance {
  const at = new Date(Date.UTC(2020, 0, 1));
  return {
    uuid: randomUUID(),
    workflowName: "transaction-conformance",
    currentState: "open",
    version: 0,
    definitionVersion: 1,
    expiresAt: null,
    timeoutRetry: null,
    lastTransitionAt: at,
    context: {},
    metadata: {},
    createdAt: at,
    updatedAt: at,
  };
}

/**
 * Registers the `WorkflowTransactionRunner` conformance suite: after-commit ordering,
 * rollback, savepoint isolation and callback error containment.
 *
 * @example
 * ```ts
 * runTransactionRunnerConformance("pg", { setup: async () => ({ runner, store, failWithDatabaseError, teardown }) });
 * ```
 */
export function runTransactionRunnerConformance(
  label: string,
  harness: TransactionRunnerConformanceHarness,
): void {
  describe(`${label}: WorkflowTransactionRunner conformance`, () => {
    let runner: WorkflowTransactionRunner;
    let store: WorkflowInstanceStore;
    let failWithDatabaseError: (() => Promise<void>) | undefined;
    let teardown: (() => Promise<void>) | undefined;

    beforeEach(async () => {
      const fixture = await harness.setup();
      runner = fixture.runner;
      store = fixture.store;
      failWithDatabaseError = fixture.failWithDatabaseError;
      teardown = fixture.teardown;
    });
    afterEach(async () => {
      vi.restoreAllMocks();
      await teardown?.();
      teardown = undefined;
    });

    const afterCommit = (callback: () => void | Promise<void>): void => {
      if (!runner.afterCommit) throw new Error("the runner must implement afterCommit");
      runner.afterCommit(callback);
    };
    const exists = async (instance: WorkflowInstance): Promise<boolean> =>
      (await store.findByUuid(instance.uuid)) !== null;

    it("runs after-commit callbacks after the outermost commit, in registration order (nested included)", async () => {
      const log: string[] = [];
      await runner.runInTransaction(async () => {
        afterCommit(() => void log.push("outer-1"));
        await runner.runInTransaction(async () => {
          afterCommit(() => void log.push("nested"));
        });
        afterCommit(() => void log.push("outer-2"));
        log.push("body-done");
      });
      expect(log).toEqual(["body-done", "outer-1", "nested", "outer-2"]);
    });

    it("discards callbacks and writes on rollback", async () => {
      const log: string[] = [];
      const instance = makeInstance();
      await expect(
        runner.runInTransaction(async () => {
          await store.create(instance);
          afterCommit(() => void log.push("never"));
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      expect(log).toEqual([]);
      expect(await exists(instance)).toBe(false);
    });

    it("a failed nested call rolls back only its own writes and callbacks", async () => {
      const log: string[] = [];
      const outer = makeInstance();
      const inner = makeInstance();
      await runner.runInTransaction(async () => {
        await store.create(outer);
        afterCommit(() => void log.push("outer"));
        await expect(
          runner.runInTransaction(async () => {
            await store.create(inner);
            afterCommit(() => void log.push("inner"));
            throw new Error("nested failure");
          }),
        ).rejects.toThrow("nested failure");
      });
      expect(log).toEqual(["outer"]);
      expect(await exists(outer)).toBe(true);
      expect(await exists(inner)).toBe(false);
    });

    it("the outer transaction stays usable after a caught nested database error (skipped without failWithDatabaseError)", async (ctx) => {
      if (!failWithDatabaseError) return ctx.skip("skipped: harness provides no failWithDatabaseError");
      const fail = failWithDatabaseError;
      const before = makeInstance();
      const failed = makeInstance();
      const after = makeInstance();
      await runner.runInTransaction(async () => {
        await store.create(before);
        await runner
          .runInTransaction(async () => {
            await store.create(failed);
            await fail();
          })
          .catch(() => undefined);
        await store.create(after);
      });
      expect(await exists(before)).toBe(true);
      expect(await exists(failed)).toBe(false);
      expect(await exists(after)).toBe(true);
    });

    it("a throwing callback does not stop later ones or fail the call, and is logged", async () => {
      const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
      const log: string[] = [];
      const value = await runner.runInTransaction(async () => {
        afterCommit(() => {
          throw new Error("callback boom");
        });
        afterCommit(() => void log.push("second"));
        return 42;
      });
      expect(value).toBe(42);
      expect(log).toEqual(["second"]);
      expect(warn.mock.calls.map((call) => String(call[0])).join("\n")).toContain("callback boom");
    });

    it("afterCommit outside a transaction throws WorkflowError", () => {
      let thrown: unknown;
      try {
        afterCommit(() => undefined);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(Error);
      expect((thrown as Error).name).toBe("WorkflowError");
      expect((thrown as Error).message).toBe("afterCommit requires an active transaction");
    });

    it("a transaction started from an after-commit callback is a fresh outermost one", async () => {
      const log: string[] = [];
      const late = makeInstance();
      await runner.runInTransaction(async () => {
        afterCommit(async () => {
          await runner.runInTransaction(async () => {
            await store.create(late);
            afterCommit(() => void log.push("inner-commit"));
          });
          log.push("after-inner-transaction");
        });
      });
      expect(log).toEqual(["inner-commit", "after-inner-transaction"]);
      expect(await exists(late)).toBe(true);
    });
  });
}
