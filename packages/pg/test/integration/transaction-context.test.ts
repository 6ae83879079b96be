import { WorkflowError } from "@duraflows/core";
import type pg from "pg";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { PgTransactionContext } from "../../src/pg-transaction-context.js";
import { PgTransactionRunner } from "../../src/pg-transaction-runner.js";
import { createPgTestSchema, type PgTestSchema } from "../support/pg-test-schema.js";

const COMMIT_ROLLED_BACK =
  "COMMIT was rolled back by PostgreSQL because an earlier statement in the transaction failed";

describe("PgTransactionContext and PgTransactionRunner against PostgreSQL", () => {
  let env: PgTestSchema;
  let pool: pg.Pool;
  let other: pg.Pool;

  const insert = (client: pg.Pool | pg.PoolClient, id: number) =>
    client.query("INSERT INTO tx_probe (id) VALUES ($1)", [id]);
  const ids = async () =>
    (await pool.query<{ id: number }>("SELECT id FROM tx_probe ORDER BY id")).rows.map((r) => r.id);
  const pid = async (client: pg.Pool | pg.PoolClient) =>
    (await client.query("SELECT pg_backend_pid() AS pid")).rows[0].pid;

  beforeAll(async () => {
    env = await createPgTestSchema("pg-transaction-context", "duraflows_pg_it");
    pool = env.pool;
    other = env.createPool();
    await pool.query("CREATE TABLE tx_probe (id integer PRIMARY KEY)");
  });
  beforeEach(async () => {
    await pool.query("TRUNCATE tx_probe");
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    await env?.drop();
  });

  it("transaction() commits, then fires after-commit callbacks once the rows are visible to others", async () => {
    const runner = new PgTransactionRunner(pool);
    const seenByCallback: number[][] = [];
    await PgTransactionContext.transaction(pool, async (client) => {
      expect(PgTransactionContext.getClient(pool)).toBe(client);
      await insert(client, 1);
      runner.afterCommit(async () => {
        seenByCallback.push(await ids());
      });
    });
    expect(seenByCallback).toEqual([[1]]);
    expect(PgTransactionContext.getClient(pool)).toBeUndefined();
  });

  it("transaction() rolls back on throw: no rows, no callbacks", async () => {
    const runner = new PgTransactionRunner(pool);
    const fired: string[] = [];
    const failure = new Error("business failure");
    await expect(
      PgTransactionContext.transaction(pool, async (client) => {
        await insert(client, 1);
        runner.afterCommit(() => void fired.push("cb"));
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await ids()).toEqual([]);
    expect(fired).toEqual([]);
  });

  it("nested calls join as savepoints on the same client; a failed nested call undoes only its own writes", async () => {
    const runner = new PgTransactionRunner(pool);
    const fired: string[] = [];
    await PgTransactionContext.transaction(pool, async (outer) => {
      await insert(outer, 1);
      await PgTransactionContext.transaction(pool, async (inner) => {
        expect(inner).toBe(outer);
        await insert(inner, 2);
        runner.afterCommit(() => void fired.push("kept"));
      });
      await expect(
        runner.runInTransaction(async () => {
          await insert(PgTransactionContext.getClient(pool)!, 3);
          runner.afterCommit(() => void fired.push("dropped"));
          await insert(PgTransactionContext.getClient(pool)!, 3);
        }),
      ).rejects.toThrow(/duplicate key/);
      await insert(outer, 4);
    });
    expect(await ids()).toEqual([1, 2, 4]);
    expect(fired).toEqual(["kept"]);
  });

  it("a seeded run() joins the caller's transaction: callbacks fire before the caller's COMMIT, rollback undoes all", async () => {
    const runner = new PgTransactionRunner(pool, { lockTimeoutMs: 1234 });
    const client = await pool.connect();
    const events: string[] = [];
    try {
      await client.query("BEGIN");
      await PgTransactionContext.run(pool, client, async () => {
        expect(PgTransactionContext.getClient(pool)).toBe(client);
        await runner.runInTransaction(async () => {
          expect(await pid(PgTransactionContext.getClient(pool)!)).toBe(await pid(client));
          // Timeouts never apply inside a caller-owned transaction.
          expect((await client.query("SHOW lock_timeout")).rows[0].lock_timeout).toBe("0");
          await insert(PgTransactionContext.getClient(pool)!, 7);
          runner.afterCommit(() => void events.push("callback"));
        });
        events.push("callback resolved");
      });
      events.push("run returned");
      expect(await ids()).toEqual([]);
      await client.query("ROLLBACK");
    } finally {
      client.release();
    }
    expect(events).toEqual(["callback resolved", "callback", "run returned"]);
    expect(await ids()).toEqual([]);
  });

  it("a swallowed SQL error turns COMMIT into ROLLBACK, reported as WorkflowError (runner and transaction())", async () => {
    const runner = new PgTransactionRunner(pool);
    const fired: string[] = [];
    const swallow = async () => {
      const client = PgTransactionContext.getClient(pool)!;
      await insert(client, 1);
      runner.afterCommit(() => void fired.push("cb"));
      await client.query("SELECT 1 / 0").catch(() => undefined);
    };
    const viaRunner = runner.runInTransaction(swallow);
    await expect(viaRunner).rejects.toBeInstanceOf(WorkflowError);
    await expect(viaRunner).rejects.toThrow(COMMIT_ROLLED_BACK);
    await expect(PgTransactionContext.transaction(pool, swallow)).rejects.toThrow(COMMIT_ROLLED_BACK);
    expect(await ids()).toEqual([]);
    expect(fired).toEqual([]);
  });

  it("driver errors propagate unchanged (no wrapping)", async () => {
    const runner = new PgTransactionRunner(pool);
    const error = await runner
      .runInTransaction(() => PgTransactionContext.getClient(pool)!.query("SELECT * FROM missing_table"))
      .catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(WorkflowError);
    expect((error as { code?: string }).code).toBe("42P01");
  });

  it("transactions on different pools never see each other", async () => {
    const runnerA = new PgTransactionRunner(pool);
    const runnerB = new PgTransactionRunner(other);
    await runnerA.runInTransaction(async () => {
      expect(runnerA.isTransactionActive()).toBe(true);
      expect(runnerB.isTransactionActive()).toBe(false);
      expect(PgTransactionContext.getClient(other)).toBeUndefined();
      await insert(PgTransactionContext.getClient(pool)!, 1);
      await runnerB.runInTransaction(async () => {
        const clientB = PgTransactionContext.getClient(other)!;
        expect(await pid(clientB)).not.toBe(await pid(PgTransactionContext.getClient(pool)!));
        // A separate transaction: A's uncommitted row is invisible here.
        expect((await clientB.query("SELECT count(*)::int AS n FROM tx_probe")).rows[0].n).toBe(0);
      });
    });
    expect(await ids()).toEqual([1]);
  });

  it("SET LOCAL timeouts apply to owned transactions only and are reverted on the pooled connection", async () => {
    const single = env.createPool({ max: 1 });
    const runner = new PgTransactionRunner(single, { lockTimeoutMs: 150, statementTimeoutMs: 2500 });
    const settings = async (client: pg.Pool | pg.PoolClient) => {
      const lock = (await client.query("SHOW lock_timeout")).rows[0].lock_timeout;
      const statement = (await client.query("SHOW statement_timeout")).rows[0].statement_timeout;
      return [lock, statement];
    };
    await runner.runInTransaction(async () => {
      expect(await settings(PgTransactionContext.getClient(single)!)).toEqual(["150ms", "2500ms"]);
      await runner.runInTransaction(async () => {
        expect(await settings(PgTransactionContext.getClient(single)!)).toEqual(["150ms", "2500ms"]);
      });
    });
    expect(await settings(single)).toEqual(["0", "0"]);
    await expect(
      runner.runInTransaction(() => PgTransactionContext.getClient(single)!.query("SELECT 1 / 0")),
    ).rejects.toThrow(/division by zero/);
    expect(await settings(single)).toEqual(["0", "0"]);
    await PgTransactionContext.transaction(single, async (client) => {
      expect(await settings(client)).toEqual(["0", "0"]);
    });
  });

  it("statement_timeout cancels a long statement with the driver's error", async () => {
    const runner = new PgTransactionRunner(pool, { statementTimeoutMs: 50 });
    await expect(
      runner.runInTransaction(() => PgTransactionContext.getClient(pool)!.query("SELECT pg_sleep(5)")),
    ).rejects.toThrow("canceling statement due to statement timeout");
  });

  it("a ROLLBACK that fails (connection killed) is only logged; the original error is rethrown", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const runner = new PgTransactionRunner(pool);
    await expect(
      runner.runInTransaction(() =>
        PgTransactionContext.getClient(pool)!.query("SELECT pg_terminate_backend(pg_backend_pid())"),
      ),
    ).rejects.toThrow(/terminating connection due to administrator command/);
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/^\[duraflows\] ROLLBACK failed after transaction error: /),
    );
    // The pool discarded the dead client and still works.
    expect((await pool.query("SELECT 1 AS one")).rows[0].one).toBe(1);
  });
});
