import { WorkflowError } from "@duraflows/core";
import { lockInstanceByUuid } from "@duraflows/sql";
import { runProviderCompositionScenarios } from "@duraflows/test-support";
import { describe, expect, it } from "vitest";
import {
  kyselyWorkflowProviders,
  kyselyWorkflowProvidersFromTransaction,
} from "../../src/kysely-providers.js";
import { KyselyTransactionContext } from "../../src/kysely-transaction-context.js";
import { KyselyTransactionRunner } from "../../src/kysely-transaction-runner.js";
import { KyselyWorkflowDefinitionStore } from "../../src/kysely-workflow-definition-store.js";
import { KyselyWorkflowExecutionStore } from "../../src/kysely-workflow-execution-store.js";
import { KyselyWorkflowHistoryStore } from "../../src/kysely-workflow-history-store.js";
import { KyselyWorkflowIdempotencyStore } from "../../src/kysely-workflow-idempotency-store.js";
import { KyselyWorkflowInstanceStore } from "../../src/kysely-workflow-instance-store.js";
import { KyselyWorkflowOutboxStore } from "../../src/kysely-workflow-outbox-store.js";
import { KyselyWakeNotifier } from "../../src/kysely-wake-notifier.js";
import { RecordingDatabase } from "../support/recording-dialect.js";

runProviderCompositionScenarios("kyselyWorkflowProviders", {
  build: (options) => {
    const db = new RecordingDatabase().db;
    return options === undefined ? kyselyWorkflowProviders(db) : kyselyWorkflowProviders(db, options);
  },
  classes: {
    instanceStore: KyselyWorkflowInstanceStore,
    historyStore: KyselyWorkflowHistoryStore,
    definitionStore: KyselyWorkflowDefinitionStore,
    transactionRunner: KyselyTransactionRunner,
    idempotencyStore: KyselyWorkflowIdempotencyStore,
    executionStore: KyselyWorkflowExecutionStore,
    outboxStore: KyselyWorkflowOutboxStore,
    wakeNotifier: KyselyWakeNotifier,
  },
});

describe("kyselyWorkflowProviders", () => {
  it("builds the runner with the timeout options (validated, applied through set_config)", async () => {
    const recording = new RecordingDatabase();
    expect(() => kyselyWorkflowProviders(recording.db, { lockTimeoutMs: -5 })).toThrow(
      new WorkflowError("lockTimeoutMs must be a non-negative integer number of milliseconds, got -5"),
    );
    await kyselyWorkflowProviders(recording.db, { lockTimeoutMs: 50 }).transactionRunner.runInTransaction(
      async () => undefined,
    );
    expect(recording.statements[1].parameters).toEqual(["lock_timeout", "50", true]);
  });
});

describe("kyselyWorkflowProvidersFromTransaction", () => {
  it("binds every store to the caller's transaction and reports an always-active transaction", async () => {
    const recording = new RecordingDatabase();
    await recording.db.transaction().execute(async (trx) => {
      const providers = kyselyWorkflowProvidersFromTransaction(trx, {
        idempotency: true,
        durableExecution: true,
      });
      expect(Object.keys(providers).sort()).toEqual([
        "definitionStore",
        "executionStore",
        "historyStore",
        "idempotencyStore",
        "instanceStore",
        "transactionRunner",
      ]);
      expect(providers.transactionRunner.isTransactionActive?.()).toBe(true);
      await providers.transactionRunner.runInTransaction(async () => {
        expect(KyselyTransactionContext.getTransaction(trx)).toBe(trx);
        await providers.instanceStore.lockByUuid("00000000-0000-4000-8000-000000000001");
      });
    });
    expect(recording.sql()).toEqual([
      "BEGIN",
      "SAVEPOINT duraflows_sp_1",
      lockInstanceByUuid("00000000-0000-4000-8000-000000000001").text,
      "RELEASE SAVEPOINT duraflows_sp_1",
      "COMMIT",
    ]);
  });

  it("runs the outermost call in a savepoint, drains callbacks inside the caller's transaction, and nests", async () => {
    const recording = new RecordingDatabase();
    const fired: string[] = [];
    await recording.db.transaction().execute(async (trx) => {
      const { transactionRunner: runner } = kyselyWorkflowProvidersFromTransaction(trx);
      await runner.runInTransaction(async () => {
        runner.afterCommit!(async () => {
          fired.push(`observer after ${recording.sql().at(-1)}`);
          // A workflow call made by an observer joins the caller's transaction as a savepoint.
          await runner.runInTransaction(async () => undefined);
        });
        await runner.runInTransaction(async () => undefined);
      });
      fired.push("call returned");
    });
    expect(fired).toEqual(["observer after RELEASE SAVEPOINT duraflows_sp_1", "call returned"]);
    expect(recording.sql()).toEqual([
      "BEGIN",
      "SAVEPOINT duraflows_sp_1",
      "SAVEPOINT duraflows_sp_2",
      "RELEASE SAVEPOINT duraflows_sp_2",
      "RELEASE SAVEPOINT duraflows_sp_1",
      "SAVEPOINT duraflows_sp_3",
      "RELEASE SAVEPOINT duraflows_sp_3",
      "COMMIT",
    ]);
  });

  it("rolls a failed call back to its savepoint and drops its callbacks", async () => {
    const recording = new RecordingDatabase();
    const fired: string[] = [];
    await recording.db.transaction().execute(async (trx) => {
      const { transactionRunner: runner } = kyselyWorkflowProvidersFromTransaction(trx);
      await expect(
        runner.runInTransaction(async () => {
          runner.afterCommit!(() => void fired.push("dropped"));
          throw new Error("workflow failure");
        }),
      ).rejects.toThrow("workflow failure");
      expect(() => runner.afterCommit!(() => undefined)).toThrow(
        "afterCommit requires an active transaction",
      );
    });
    expect(fired).toEqual([]);
    expect(recording.sql()).toEqual([
      "BEGIN",
      "SAVEPOINT duraflows_sp_1",
      "ROLLBACK TO SAVEPOINT duraflows_sp_1",
      "RELEASE SAVEPOINT duraflows_sp_1",
      "COMMIT",
    ]);
  });
});
