import { randomUUID } from "node:crypto";
import { WorkflowError } from "@duraflows/core";
import { sql, type Kysely } from "kysely";
import { describe, expect, it } from "vitest";
import { KyselyTransactionContext } from "../../src/kysely-transaction-context.js";
import { KyselyTransactionRunner } from "../../src/kysely-transaction-runner.js";
import { KyselyWorkflowInstanceStore } from "../../src/kysely-workflow-instance-store.js";
import type { AppDb } from "./app-database.js";
import type { KyselyTestBackend } from "./kysely-test-backends.js";
import { insertInstanceRow } from "./run-kysely-conformance.js";

const ABORTED = "COMMIT was rolled back by PostgreSQL because an earlier statement in the transaction failed";

async function setting(db: Kysely<AppDb>, name: string): Promise<string> {
  const { rows } = await sql<{ value: string }>`SELECT current_setting(${name}) AS value`.execute(
    KyselyTransactionContext.getTransaction(db) ?? db,
  );
  return rows[0].value;
}

async function orderIds(db: Kysely<AppDb>): Promise<string[]> {
  const rows = await db.selectFrom("orders").select("id").orderBy("id").execute();
  return rows.map((row) => row.id);
}

function insertOrder(db: Kysely<AppDb>, id: string) {
  return ((KyselyTransactionContext.getTransaction(db) as Kysely<AppDb> | undefined) ?? db)
    .insertInto("orders")
    .values({ id, total: 1 })
    .execute();
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

/** Real-database behaviour of the Kysely transaction machinery (probe, timeouts, locks, savepoints). */
export function runKyselyTransactionScenarios(label: string, backend: () => KyselyTestBackend): void {
  describe(`${label}: transaction machinery`, () => {
    it("rejects a swallowed SQL error: the SELECT 1 probe turns the doomed COMMIT into a WorkflowError with cause", async () => {
      await backend().truncate();
      const { db } = backend();
      const runner = new KyselyTransactionRunner(db);
      const failure = await runner
        .runInTransaction(async () => {
          await insertOrder(db, "kept-by-nobody");
          await sql`SELECT * FROM kysely_missing_table`
            .execute(KyselyTransactionContext.getTransaction(db)!)
            .catch(() => undefined);
        })
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(WorkflowError);
      expect((failure as WorkflowError).message).toBe(ABORTED);
      expect(((failure as WorkflowError).cause as Error).message).toBe(
        "current transaction is aborted, commands ignored until end of transaction block",
      );
      expect(await orderIds(db)).toEqual([]);
    });

    it("does the same for KyselyTransactionContext.transaction", async () => {
      await backend().truncate();
      const { db } = backend();
      const failure = await KyselyTransactionContext.transaction(db, async (trx) => {
        await trx.insertInto("orders").values({ id: "o1", total: 1 }).execute();
        await sql`SELECT 1/0`.execute(trx).catch(() => undefined);
      }).catch((error: unknown) => error);
      expect((failure as Error).message).toBe(ABORTED);
      expect(await orderIds(db)).toEqual([]);
    });

    it("applies the timeouts through set_config for the transaction only and reverts them at its end", async () => {
      const db = backend().singleSession;
      const before = {
        lock: await setting(db, "lock_timeout"),
        statement: await setting(db, "statement_timeout"),
      };
      const runner = new KyselyTransactionRunner(db, { lockTimeoutMs: 1234, statementTimeoutMs: 56789 });
      const inside = await runner.runInTransaction(async () => ({
        lock: await setting(db, "lock_timeout"),
        statement: await setting(db, "statement_timeout"),
        nested: await runner.runInTransaction(() => setting(db, "lock_timeout")),
      }));
      expect(inside).toEqual({ lock: "1234ms", statement: "56789ms", nested: "1234ms" });
      expect(await setting(db, "lock_timeout")).toBe(before.lock);
      expect(await setting(db, "statement_timeout")).toBe(before.statement);
      const owned = await KyselyTransactionContext.transaction(db, () => setting(db, "lock_timeout"));
      expect(owned).toBe(before.lock);
    });

    it("lock_timeout aborts a lockByUuid blocked by another session's FOR UPDATE (driver error, unwrapped)", async (context) => {
      const { db, second } = backend();
      if (second === undefined) {
        context.skip("a single-connection embedded database cannot hold a row lock against a second session");
        return;
      }
      await backend().truncate();
      const uuid = await insertInstanceRow(backend());
      const locked = deferred();
      const release = deferred();
      const holder = new KyselyTransactionRunner(db).runInTransaction(async () => {
        await new KyselyWorkflowInstanceStore(db).lockByUuid(uuid);
        locked.resolve();
        await release.promise;
      });
      await locked.promise;
      const impatient = new KyselyTransactionRunner(second, { lockTimeoutMs: 50 });
      const error = await impatient
        .runInTransaction(() => new KyselyWorkflowInstanceStore(second).lockByUuid(uuid))
        .catch((e: unknown) => e);
      release.resolve();
      await holder;
      expect(error).not.toBeInstanceOf(WorkflowError);
      expect((error as Error).message).toBe("canceling statement due to lock timeout");
    });

    it("nests savepoints: a failed nested call (even a database error) loses only its own writes", async () => {
      await backend().truncate();
      const { db } = backend();
      const runner = new KyselyTransactionRunner(db);
      await runner.runInTransaction(async () => {
        await insertOrder(db, "a-outer");
        await expect(
          runner.runInTransaction(async () => {
            await insertOrder(db, "b-nested-failed");
            await runner.runInTransaction(() => insertOrder(db, "c-inner-of-failed"));
            throw new Error("nested failure");
          }),
        ).rejects.toThrow("nested failure");
        await expect(runner.runInTransaction(() => insertOrder(db, "a-outer"))).rejects.toThrow(
          /duplicate key/,
        );
        await runner.runInTransaction(() => insertOrder(db, "d-nested-ok"));
      });
      expect(await orderIds(db)).toEqual(["a-outer", "d-nested-ok"]);
    });

    it("keeps the Kysely instances apart: another instance does not see the open transaction", async (context) => {
      await backend().truncate();
      const { db, second } = backend();
      if (second === undefined) {
        context.skip("a single-connection embedded database has no second session to look from");
        return;
      }
      await KyselyTransactionContext.transaction(db, async () => {
        await insertOrder(db, `uncommitted-${randomUUID()}`);
        expect(KyselyTransactionContext.getTransaction(second)).toBeUndefined();
        expect(await orderIds(second)).toEqual([]);
      });
    });
  });
}
