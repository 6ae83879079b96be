import { WorkflowError } from "@duraflows/core";
import type { Pool } from "pg";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PgTransactionRunner } from "../../src/pg-transaction-runner.js";
import { recordingPool } from "../support/recording-pool.js";

describe("PgTransactionRunner options", () => {
  it.each([
    ["lockTimeoutMs", -1],
    ["lockTimeoutMs", 1.5],
    ["statementTimeoutMs", Number.NaN],
    ["statementTimeoutMs", Number.POSITIVE_INFINITY],
    ["lockTimeoutMs", Number.MAX_SAFE_INTEGER + 1],
  ])("rejects %s = %s with the exact message", (name, value) => {
    const create = () => new PgTransactionRunner({} as Pool, { [name]: value });
    expect(create).toThrow(WorkflowError);
    expect(create).toThrow(`${name} must be a non-negative integer number of milliseconds, got ${value}`);
  });

  it("rejects a numeric string (no coercion)", () => {
    expect(() => new PgTransactionRunner({} as Pool, { lockTimeoutMs: "5" as unknown as number })).toThrow(
      "lockTimeoutMs must be a non-negative integer number of milliseconds, got 5",
    );
  });

  it("accepts 0 (no timeout) and omitted options", () => {
    expect(
      () => new PgTransactionRunner({} as Pool, { lockTimeoutMs: 0, statementTimeoutMs: 0 }),
    ).not.toThrow();
    expect(() => new PgTransactionRunner({} as Pool)).not.toThrow();
  });
});

describe("PgTransactionRunner statement sequence", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("BEGIN, SET LOCAL lock_timeout, SET LOCAL statement_timeout, work, COMMIT; no SET without options", async () => {
    const timed = recordingPool();
    await new PgTransactionRunner(timed.pool, { statementTimeoutMs: 20, lockTimeoutMs: 10 }).runInTransaction(
      async () => undefined,
    );
    expect(timed.statements()).toEqual([
      "BEGIN",
      "SET LOCAL lock_timeout = 10",
      "SET LOCAL statement_timeout = 20",
      "COMMIT",
    ]);
    const plain = recordingPool();
    await new PgTransactionRunner(plain.pool).runInTransaction(async () => undefined);
    expect(plain.statements()).toEqual(["BEGIN", "COMMIT"]);
    expect(plain.released).toEqual([undefined]);
    // The connection-error guard is attached only while the client is checked out.
    expect(plain.listeners.size).toBe(0);
  });

  it("a COMMIT answered with ROLLBACK becomes a WorkflowError and drops the after-commit callbacks", async () => {
    const { pool, statements } = recordingPool({ commitTag: "ROLLBACK" });
    const runner = new PgTransactionRunner(pool);
    const fired: string[] = [];
    const run = runner.runInTransaction(async () => {
      runner.afterCommit(() => void fired.push("observer"));
    });
    await expect(run).rejects.toBeInstanceOf(WorkflowError);
    await expect(run).rejects.toThrow(
      new WorkflowError(
        "COMMIT was rolled back by PostgreSQL because an earlier statement in the transaction failed",
      ),
    );
    expect(statements()).toEqual(["BEGIN", "COMMIT", "ROLLBACK"]);
    expect(fired).toEqual([]);
  });

  it("a failing ROLLBACK is only logged, the original error wins and the client is discarded", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const { pool, released } = recordingPool({ failOn: "ROLLBACK" });
    const original = new Error("original");
    await expect(
      new PgTransactionRunner(pool).runInTransaction(async () => {
        throw original;
      }),
    ).rejects.toBe(original);
    expect(warn).toHaveBeenCalledWith("[duraflows] ROLLBACK failed after transaction error: ROLLBACK failed");
    expect(released).toHaveLength(1);
    expect(released[0]).toBeInstanceOf(Error);
  });
});
