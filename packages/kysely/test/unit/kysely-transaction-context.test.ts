import { WorkflowError } from "@duraflows/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { KyselyTransactionContext } from "../../src/kysely-transaction-context.js";
import { executeRawStatement, kyselyTransactionScopes } from "../../src/kysely-transaction-context.js";
import { RecordingDatabase } from "../support/recording-dialect.js";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("executeRawStatement", () => {
  it("sends a hand-built raw compiled query with a duraflows_<uuid> query id and no parameters", async () => {
    const recording = new RecordingDatabase();
    await executeRawStatement(recording.db, "SAVEPOINT duraflows_sp_7");
    const [statement] = recording.statements;
    expect(statement.sql).toBe("SAVEPOINT duraflows_sp_7");
    expect(statement.parameters).toEqual([]);
    expect(statement.queryId).toMatch(
      /^duraflows_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(statement.query).toEqual({
      kind: "RawNode",
      sqlFragments: ["SAVEPOINT duraflows_sp_7"],
      parameters: [],
    });
  });

  it("uses a fresh query id for every statement", async () => {
    const recording = new RecordingDatabase();
    await executeRawStatement(recording.db, "SELECT 1");
    await executeRawStatement(recording.db, "SELECT 1");
    expect(recording.statements[0].queryId).not.toBe(recording.statements[1].queryId);
  });
});

describe("KyselyTransactionContext.transaction", () => {
  it("opens an owned transaction without setup statements and fires callbacks only after COMMIT", async () => {
    const recording = new RecordingDatabase();
    const order: string[] = [];
    await KyselyTransactionContext.transaction(recording.db, async () => {
      kyselyTransactionScopes.afterCommit(recording.db, () => {
        order.push(`callback after ${recording.sql().at(-1)}`);
      });
    });
    expect(recording.sql()).toEqual(["BEGIN", "COMMIT"]);
    expect(order).toEqual(["callback after COMMIT"]);
  });

  it("joins an active scope of the same instance as numbered savepoints on the same transaction", async () => {
    const recording = new RecordingDatabase();
    await KyselyTransactionContext.transaction(recording.db, async (outer) => {
      await KyselyTransactionContext.transaction(recording.db, async (inner) => {
        expect(inner).toBe(outer);
        await KyselyTransactionContext.transaction(recording.db, async () => undefined);
      });
      await KyselyTransactionContext.transaction(recording.db, async () => undefined);
    });
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

  it("rolls a failed nested call back to its savepoint, drops its callbacks and keeps the outer ones", async () => {
    const recording = new RecordingDatabase();
    const fired: string[] = [];
    const boom = new Error("nested failure");
    await KyselyTransactionContext.transaction(recording.db, async () => {
      kyselyTransactionScopes.afterCommit(recording.db, () => void fired.push("outer"));
      await expect(
        KyselyTransactionContext.transaction(recording.db, async () => {
          kyselyTransactionScopes.afterCommit(recording.db, () => void fired.push("nested"));
          throw boom;
        }),
      ).rejects.toBe(boom);
    });
    expect(recording.sql()).toEqual([
      "BEGIN",
      "SAVEPOINT duraflows_sp_1",
      "ROLLBACK TO SAVEPOINT duraflows_sp_1",
      "RELEASE SAVEPOINT duraflows_sp_1",
      "COMMIT",
    ]);
    expect(fired).toEqual(["outer"]);
  });

  it("never masks the nested error when ROLLBACK TO SAVEPOINT fails; it only warns", async () => {
    const recording = new RecordingDatabase();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    recording.responder = (statement) => {
      if (statement.sql.startsWith("ROLLBACK TO")) throw new Error("connection lost");
      return undefined;
    };
    const boom = new Error("original");
    await KyselyTransactionContext.transaction(recording.db, async () => {
      await expect(
        KyselyTransactionContext.transaction(recording.db, async () => {
          throw boom;
        }),
      ).rejects.toBe(boom);
    });
    expect(warn).toHaveBeenCalledWith(
      "[duraflows] ROLLBACK TO SAVEPOINT failed after nested transaction error: connection lost",
    );
  });

  it("keeps transactions of different Kysely instances apart", async () => {
    const first = new RecordingDatabase();
    const second = new RecordingDatabase();
    await KyselyTransactionContext.transaction(first.db, async (trx) => {
      expect(KyselyTransactionContext.getTransaction(first.db)).toBe(trx);
      expect(KyselyTransactionContext.getTransaction(second.db)).toBeUndefined();
      await KyselyTransactionContext.transaction(second.db, async () => undefined);
    });
    expect(first.sql()).toEqual(["BEGIN", "COMMIT"]);
    expect(second.sql()).toEqual(["BEGIN", "COMMIT"]);
  });
});

describe("KyselyTransactionContext.run", () => {
  it("seeds a caller-owned transaction: workflow work joins it and callbacks fire when the callback resolves", async () => {
    const recording = new RecordingDatabase();
    const fired: string[] = [];
    await recording.db.transaction().execute(async (trx) => {
      await KyselyTransactionContext.run(recording.db, trx, async () => {
        expect(KyselyTransactionContext.getTransaction(recording.db)).toBe(trx);
        await KyselyTransactionContext.transaction(recording.db, async () => {
          kyselyTransactionScopes.afterCommit(recording.db, () => void fired.push(recording.sql().at(-1)!));
        });
      });
      fired.push("after run");
    });
    expect(fired).toEqual(["RELEASE SAVEPOINT duraflows_sp_1", "after run"]);
    expect(recording.sql()).toEqual([
      "BEGIN",
      "SAVEPOINT duraflows_sp_1",
      "RELEASE SAVEPOINT duraflows_sp_1",
      "COMMIT",
    ]);
  });

  it("drops the callbacks when the seeded callback rejects", async () => {
    const recording = new RecordingDatabase();
    const callback = vi.fn();
    await expect(
      recording.db.transaction().execute((trx) =>
        KyselyTransactionContext.run(recording.db, trx, async () => {
          kyselyTransactionScopes.afterCommit(recording.db, callback);
          throw new Error("caller failure");
        }),
      ),
    ).rejects.toThrow("caller failure");
    expect(callback).not.toHaveBeenCalled();
  });
});

describe("afterCommit outside a transaction", () => {
  it("throws the WorkflowError of the contract", () => {
    const recording = new RecordingDatabase();
    expect(() => kyselyTransactionScopes.afterCommit(recording.db, () => undefined)).toThrow(
      new WorkflowError("afterCommit requires an active transaction"),
    );
  });
});
