import { afterEach, describe, expect, it, vi } from "vitest";
import { PgTransactionContext } from "../../src/pg-transaction-context.js";
import { PgTransactionRunner } from "../../src/pg-transaction-runner.js";
import { recordingPool } from "../support/recording-pool.js";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("PgTransactionContext.transaction", () => {
  it("opens an owned transaction without timeout statements; callbacks run after COMMIT and release", async () => {
    const { pool, client, statements, released } = recordingPool();
    const runner = new PgTransactionRunner(pool, { lockTimeoutMs: 10 });
    const seen: string[] = [];
    const value = await PgTransactionContext.transaction(pool, async (active) => {
      expect(active).toBe(client);
      expect(PgTransactionContext.getClient(pool)).toBe(client);
      runner.afterCommit(() => void seen.push(`after ${statements().at(-1)}, released ${released.length}`));
      return 42;
    });
    expect(value).toBe(42);
    expect(statements()).toEqual(["BEGIN", "COMMIT"]);
    expect(seen).toEqual(["after COMMIT, released 1"]);
    expect(PgTransactionContext.getClient(pool)).toBeUndefined();
  });

  it("joins an active scope of the same pool as numbered savepoints on the same client", async () => {
    const { pool, client, statements } = recordingPool();
    await PgTransactionContext.transaction(pool, async () => {
      await PgTransactionContext.transaction(pool, async (nested) => {
        expect(nested).toBe(client);
      });
      await new PgTransactionRunner(pool, { statementTimeoutMs: 5 }).runInTransaction(async () => undefined);
    });
    expect(statements()).toEqual([
      "BEGIN",
      "SAVEPOINT duraflows_sp_1",
      "RELEASE SAVEPOINT duraflows_sp_1",
      "SAVEPOINT duraflows_sp_2",
      "RELEASE SAVEPOINT duraflows_sp_2",
      "COMMIT",
    ]);
  });

  it("rolls a failed nested call back to its savepoint, drops its callbacks and keeps the outer ones", async () => {
    const { pool, statements } = recordingPool();
    const runner = new PgTransactionRunner(pool);
    const fired: string[] = [];
    const failure = new Error("nested failure");
    await PgTransactionContext.transaction(pool, async () => {
      runner.afterCommit(() => void fired.push("outer"));
      await expect(
        PgTransactionContext.transaction(pool, async () => {
          runner.afterCommit(() => void fired.push("nested"));
          throw failure;
        }),
      ).rejects.toBe(failure);
    });
    expect(statements()).toEqual([
      "BEGIN",
      "SAVEPOINT duraflows_sp_1",
      "ROLLBACK TO SAVEPOINT duraflows_sp_1",
      "RELEASE SAVEPOINT duraflows_sp_1",
      "COMMIT",
    ]);
    expect(fired).toEqual(["outer"]);
  });

  it("never masks the nested error when ROLLBACK TO SAVEPOINT fails; it only warns", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const { pool } = recordingPool({ failOn: "ROLLBACK TO SAVEPOINT duraflows_sp_1" });
    const failure = new Error("nested failure");
    await PgTransactionContext.transaction(pool, async () => {
      await expect(
        PgTransactionContext.transaction(pool, async () => {
          throw failure;
        }),
      ).rejects.toBe(failure);
    });
    expect(warn).toHaveBeenCalledWith(
      "[duraflows] ROLLBACK TO SAVEPOINT failed after nested transaction error: ROLLBACK TO SAVEPOINT duraflows_sp_1 failed",
    );
  });

  it("keeps pools apart: a transaction on one pool is invisible to another, which opens its own", async () => {
    const first = recordingPool();
    const second = recordingPool();
    await PgTransactionContext.transaction(first.pool, async () => {
      expect(PgTransactionContext.getClient(second.pool)).toBeUndefined();
      expect(new PgTransactionRunner(second.pool).isTransactionActive()).toBe(false);
      await PgTransactionContext.transaction(second.pool, async () => undefined);
    });
    expect(first.statements()).toEqual(["BEGIN", "COMMIT"]);
    expect(second.statements()).toEqual(["BEGIN", "COMMIT"]);
  });

  it("rolls back and fires nothing when the callback throws", async () => {
    const { pool, statements, released } = recordingPool();
    const fired: string[] = [];
    const failure = new Error("boom");
    await expect(
      PgTransactionContext.transaction(pool, async () => {
        new PgTransactionRunner(pool).afterCommit(() => void fired.push("cb"));
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(statements()).toEqual(["BEGIN", "ROLLBACK"]);
    expect(released).toEqual([undefined]);
    expect(fired).toEqual([]);
  });
});

describe("PgTransactionContext.run (seeded, caller-owned transaction)", () => {
  it("issues no BEGIN/COMMIT; workflow work joins as a savepoint without timeouts; callbacks fire on resolve", async () => {
    const { pool, client, statements } = recordingPool();
    const runner = new PgTransactionRunner(pool, { lockTimeoutMs: 10, statementTimeoutMs: 20 });
    const fired: string[] = [];
    const value = await PgTransactionContext.run(pool, client as never, async () => {
      expect(runner.isTransactionActive()).toBe(true);
      await runner.runInTransaction(async () => {
        runner.afterCommit(() => void fired.push("observer"));
      });
      expect(fired).toEqual([]);
      return "done";
    });
    expect(value).toBe("done");
    expect(fired).toEqual(["observer"]);
    expect(statements()).toEqual(["SAVEPOINT duraflows_sp_1", "RELEASE SAVEPOINT duraflows_sp_1"]);
  });

  it("drops the callbacks when the seeded callback rejects", async () => {
    const { pool, client } = recordingPool();
    const runner = new PgTransactionRunner(pool);
    const fired: string[] = [];
    await expect(
      PgTransactionContext.run(pool, client as never, async () => {
        runner.afterCommit(() => void fired.push("observer"));
        throw new Error("caller aborts");
      }),
    ).rejects.toThrow("caller aborts");
    expect(fired).toEqual([]);
  });

  it("a callback queued in a seeded transaction can itself join it (the root scope is still active)", async () => {
    const { pool, client, statements } = recordingPool();
    const runner = new PgTransactionRunner(pool);
    await PgTransactionContext.run(pool, client as never, async () => {
      runner.afterCommit(() => runner.runInTransaction(async () => undefined));
    });
    expect(statements()).toEqual(["SAVEPOINT duraflows_sp_1", "RELEASE SAVEPOINT duraflows_sp_1"]);
  });
});
