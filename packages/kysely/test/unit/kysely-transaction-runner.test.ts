import { WorkflowError } from "@duraflows/core";
import { describe, expect, it } from "vitest";
import { KyselyTransactionContext } from "../../src/kysely-transaction-context.js";
import { KyselyTransactionRunner } from "../../src/kysely-transaction-runner.js";
import { RecordingDatabase } from "../support/recording-dialect.js";

describe("KyselyTransactionRunner options", () => {
  it.each([
    ["lockTimeoutMs", -1, "-1"],
    ["lockTimeoutMs", 1.5, "1.5"],
    ["statementTimeoutMs", Number.NaN, "NaN"],
    ["statementTimeoutMs", Number.POSITIVE_INFINITY, "Infinity"],
    ["lockTimeoutMs", 2 ** 53, "9007199254740992"],
  ])("rejects %s = %s", (name, value, rendered) => {
    const recording = new RecordingDatabase();
    const create = () => new KyselyTransactionRunner(recording.db, { [name]: value });
    expect(create).toThrow(WorkflowError);
    expect(create).toThrow(`${name} must be a non-negative integer number of milliseconds, got ${rendered}`);
  });

  it("accepts 0 (no timeout) and issues no statement when nothing is configured", async () => {
    const recording = new RecordingDatabase();
    await new KyselyTransactionRunner(recording.db, {}).runInTransaction(async () => undefined);
    expect(recording.sql()).toEqual(["BEGIN", "COMMIT"]);
    expect(
      () => new KyselyTransactionRunner(recording.db, { lockTimeoutMs: 0, statementTimeoutMs: 0 }),
    ).not.toThrow();
  });
});

describe("KyselyTransactionRunner timeouts", () => {
  it("applies lock_timeout then statement_timeout through set_config with bound parameters, right after BEGIN", async () => {
    const recording = new RecordingDatabase();
    const runner = new KyselyTransactionRunner(recording.db, { lockTimeoutMs: 1500, statementTimeoutMs: 0 });
    await runner.runInTransaction(async () => undefined);
    expect(recording.statements.map(({ sql, parameters }) => ({ sql, parameters }))).toEqual([
      { sql: "BEGIN", parameters: [] },
      { sql: 'select set_config($1, $2, $3) as "lock_timeout"', parameters: ["lock_timeout", "1500", true] },
      {
        sql: 'select set_config($1, $2, $3) as "statement_timeout"',
        parameters: ["statement_timeout", "0", true],
      },
      { sql: "COMMIT", parameters: [] },
    ]);
  });

  it("nests as a savepoint without re-applying timeouts", async () => {
    const recording = new RecordingDatabase();
    const runner = new KyselyTransactionRunner(recording.db, { statementTimeoutMs: 10 });
    await runner.runInTransaction(() => runner.runInTransaction(async () => undefined));
    expect(recording.sql()).toEqual([
      "BEGIN",
      'select set_config($1, $2, $3) as "statement_timeout"',
      "SAVEPOINT duraflows_sp_1",
      "RELEASE SAVEPOINT duraflows_sp_1",
      "COMMIT",
    ]);
  });

  it("never applies its timeouts inside KyselyTransactionContext.transaction or a seeded run", async () => {
    const recording = new RecordingDatabase();
    const runner = new KyselyTransactionRunner(recording.db, { lockTimeoutMs: 10 });
    await KyselyTransactionContext.transaction(recording.db, () =>
      runner.runInTransaction(async () => undefined),
    );
    await recording.db
      .transaction()
      .execute((trx) =>
        KyselyTransactionContext.run(recording.db, trx, () => runner.runInTransaction(async () => undefined)),
      );
    expect(recording.sql().filter((sql) => sql.includes("set_config"))).toEqual([]);
  });
});

describe("KyselyTransactionRunner scope", () => {
  it("reports whether a transaction of its own instance is active", async () => {
    const recording = new RecordingDatabase();
    const other = new RecordingDatabase();
    const runner = new KyselyTransactionRunner(recording.db);
    const otherRunner = new KyselyTransactionRunner(other.db);
    expect(runner.isTransactionActive()).toBe(false);
    await runner.runInTransaction(async () => {
      expect(runner.isTransactionActive()).toBe(true);
      expect(otherRunner.isTransactionActive()).toBe(false);
    });
  });

  it("queues afterCommit callbacks until after COMMIT, in order, including nested ones", async () => {
    const recording = new RecordingDatabase();
    const runner = new KyselyTransactionRunner(recording.db);
    const fired: string[] = [];
    await runner.runInTransaction(async () => {
      runner.afterCommit(() => void fired.push(`first after ${recording.sql().at(-1)}`));
      await runner.runInTransaction(async () => {
        runner.afterCommit(() => void fired.push("nested"));
      });
      expect(fired).toEqual([]);
    });
    expect(fired).toEqual(["first after COMMIT", "nested"]);
  });

  it("throws outside a transaction when afterCommit is called", () => {
    const runner = new KyselyTransactionRunner(new RecordingDatabase().db);
    expect(() => runner.afterCommit(() => undefined)).toThrow("afterCommit requires an active transaction");
  });
});
