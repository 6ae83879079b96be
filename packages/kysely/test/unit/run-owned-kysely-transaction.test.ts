import { WorkflowError } from "@duraflows/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  executeRawStatement,
  KyselyTransactionContext,
  kyselyTransactionScopes,
  runOwnedKyselyTransaction,
} from "../../src/kysely-transaction-context.js";
import { RecordingDatabase } from "../support/recording-dialect.js";

const ABORTED = "COMMIT was rolled back by PostgreSQL because an earlier statement in the transaction failed";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("runOwnedKyselyTransaction", () => {
  it("runs setup, the callback in a root scope, the SELECT 1 probe, COMMIT, then the callbacks", async () => {
    const recording = new RecordingDatabase();
    const seenAtCallback: string[][] = [];
    const value = await runOwnedKyselyTransaction(
      recording.db,
      async (trx) => {
        await executeRawStatement(trx, "SETUP");
      },
      async (trx) => {
        expect(KyselyTransactionContext.getTransaction(recording.db)).toBe(trx);
        kyselyTransactionScopes.afterCommit(recording.db, () => {
          seenAtCallback.push(recording.sql());
          expect(KyselyTransactionContext.getTransaction(recording.db)).toBeUndefined();
        });
        await executeRawStatement(trx, "WORK");
        return 42;
      },
    );
    expect(value).toBe(42);
    expect(recording.sql()).toEqual(["BEGIN", "SETUP", "WORK", "SELECT 1", "COMMIT"]);
    expect(seenAtCallback).toEqual([["BEGIN", "SETUP", "WORK", "SELECT 1", "COMMIT"]]);
  });

  it("turns a failing probe into the aborted-COMMIT WorkflowError with the probe error as cause, and rolls back", async () => {
    const recording = new RecordingDatabase();
    const probeError = new Error(
      "current transaction is aborted, commands ignored until end of transaction block",
    );
    recording.responder = (statement) => {
      if (statement.sql === "SELECT 1") throw probeError;
      return undefined;
    };
    const callback = vi.fn();
    const failure = await runOwnedKyselyTransaction(
      recording.db,
      async () => undefined,
      async () => {
        kyselyTransactionScopes.afterCommit(recording.db, callback);
      },
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WorkflowError);
    expect((failure as WorkflowError).message).toBe(ABORTED);
    expect((failure as WorkflowError).cause).toBe(probeError);
    expect(recording.sql()).toEqual(["BEGIN", "SELECT 1", "ROLLBACK"]);
    expect(callback).not.toHaveBeenCalled();
  });

  it("rolls back and drops the callbacks when the callback throws", async () => {
    const recording = new RecordingDatabase();
    const callback = vi.fn();
    const boom = new Error("boom");
    await expect(
      runOwnedKyselyTransaction(
        recording.db,
        async () => undefined,
        async () => {
          kyselyTransactionScopes.afterCommit(recording.db, callback);
          throw boom;
        },
      ),
    ).rejects.toBe(boom);
    expect(recording.sql()).toEqual(["BEGIN", "ROLLBACK"]);
    expect(callback).not.toHaveBeenCalled();
  });
});

describe("runOwnedKyselyTransaction when ROLLBACK fails", () => {
  it("logs the ROLLBACK failure and rethrows the original error", async () => {
    const recording = new RecordingDatabase();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    recording.responder = ({ sql }) => {
      if (sql === "ROLLBACK") throw new Error("connection terminated");
      return undefined;
    };
    const boom = new Error("original failure");
    await expect(
      runOwnedKyselyTransaction(
        recording.db,
        async () => undefined,
        async () => {
          throw boom;
        },
      ),
    ).rejects.toBe(boom);
    expect(warn).toHaveBeenCalledWith(
      "[duraflows] ROLLBACK failed after transaction error: connection terminated",
    );
  });

  it("rethrows a COMMIT failure as is", async () => {
    const recording = new RecordingDatabase();
    const commitError = new Error("could not serialize access");
    recording.responder = ({ sql }) => {
      if (sql === "COMMIT") throw commitError;
      return undefined;
    };
    await expect(
      runOwnedKyselyTransaction(
        recording.db,
        async () => undefined,
        async () => 1,
      ),
    ).rejects.toBe(commitError);
  });
});
