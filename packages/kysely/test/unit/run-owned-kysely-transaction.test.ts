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
  it("runs setup, the callback in a root scope, COMMIT (no probe: no statement failed), then the callbacks", async () => {
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
    expect(recording.sql()).toEqual(["BEGIN", "SETUP", "WORK", "COMMIT"]);
    expect(seenAtCallback).toEqual([["BEGIN", "SETUP", "WORK", "COMMIT"]]);
  });

  it("sends the SELECT 1 probe before COMMIT when the last statement failed and its error was swallowed", async () => {
    const recording = new RecordingDatabase();
    recording.responder = ({ sql }) => {
      if (sql === "BAD") throw new Error("relation does not exist");
      return undefined;
    };
    await runOwnedKyselyTransaction(
      recording.db,
      async () => undefined,
      async (trx) => {
        await executeRawStatement(trx, "WORK");
        await executeRawStatement(trx, "BAD").catch(() => undefined);
      },
    );
    expect(recording.sql()).toEqual(["BEGIN", "WORK", "BAD", "SELECT 1", "COMMIT"]);
  });

  it("skips the probe when a statement succeeded after the failed one (ROLLBACK TO SAVEPOINT)", async () => {
    const recording = new RecordingDatabase();
    recording.responder = ({ sql }) => {
      if (sql === "BAD") throw new Error("relation does not exist");
      return undefined;
    };
    await runOwnedKyselyTransaction(
      recording.db,
      async () => undefined,
      async (trx) => {
        await executeRawStatement(trx, "BAD").catch(() => undefined);
        await executeRawStatement(trx, "ROLLBACK TO SAVEPOINT sp");
      },
    );
    expect(recording.sql()).toEqual(["BEGIN", "BAD", "ROLLBACK TO SAVEPOINT sp", "COMMIT"]);
  });

  it("leaves the connection's own methods as they were once the transaction ends", async () => {
    const recording = new RecordingDatabase();
    const connection = await recording.db.getExecutor().provideConnection(async (provided) => provided);
    const before = connection.executeQuery;
    await runOwnedKyselyTransaction(
      recording.db,
      async () => undefined,
      async (trx) => {
        const inside = await trx.getExecutor().provideConnection(async (provided) => provided);
        expect(inside.executeQuery).not.toBe(before);
      },
    );
    expect(connection.executeQuery).toBe(before);
  });

  it("turns a failing probe into the aborted-COMMIT WorkflowError with the probe error as cause, and rolls back", async () => {
    const recording = new RecordingDatabase();
    const probeError = new Error(
      "current transaction is aborted, commands ignored until end of transaction block",
    );
    recording.responder = (statement) => {
      if (statement.sql === "SELECT 1") throw probeError;
      if (statement.sql === "BAD") throw new Error("division by zero");
      return undefined;
    };
    const callback = vi.fn();
    const failure = await runOwnedKyselyTransaction(
      recording.db,
      async () => undefined,
      async (trx) => {
        kyselyTransactionScopes.afterCommit(recording.db, callback);
        await executeRawStatement(trx, "BAD").catch(() => undefined);
      },
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WorkflowError);
    expect((failure as WorkflowError).message).toBe(ABORTED);
    expect((failure as WorkflowError).cause).toBe(probeError);
    expect(recording.sql()).toEqual(["BEGIN", "BAD", "SELECT 1", "ROLLBACK"]);
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
