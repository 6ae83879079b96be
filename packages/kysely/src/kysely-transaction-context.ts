import { randomUUID } from "node:crypto";
import {
  ScopedTransactionContext,
  WorkflowError,
  runAfterCommitCallbacks,
  type TransactionScope,
} from "@duraflows/core";
import type { CompiledQuery, Kysely, QueryResult, Transaction } from "kysely";
import type { WorkflowDatabase } from "./kysely-database.js";
import { watchLastStatement } from "./last-statement-watch.js";

/** The Kysely view every workflow store and runner works with (the instance is invariant in `DB`). */
type WorkflowKysely = Kysely<WorkflowDatabase>;
type WorkflowTransaction = Transaction<WorkflowDatabase>;

/**
 * Transaction scopes of every Kysely owner (a `Kysely` instance, or a caller's `Transaction` for
 * transaction-bound providers).
 *
 * @internal
 */
export const kyselyTransactionScopes = new ScopedTransactionContext<WorkflowKysely, WorkflowTransaction>();

const ABORTED_COMMIT_MESSAGE =
  "COMMIT was rolled back by PostgreSQL because an earlier statement in the transaction failed";

/**
 * Runs an internally generated statement without parameters (SAVEPOINT, RELEASE, ROLLBACK TO, the probe).
 * The compiled query is built by hand because kysely is a type-only import here (it is ESM-only, and a
 * runtime import would break the CommonJS build).
 *
 * @internal
 */
export function executeRawStatement(executor: Kysely<any>, statement: string): Promise<QueryResult<unknown>> {
  const query: CompiledQuery = Object.freeze({
    sql: statement,
    parameters: Object.freeze([]),
    query: Object.freeze({
      kind: "RawNode" as const,
      sqlFragments: Object.freeze([statement]),
      parameters: Object.freeze([]),
    }),
    queryId: Object.freeze({ queryId: `duraflows_${randomUUID()}` }),
  });
  return executor.executeQuery(query);
}

/**
 * Throws the aborted-COMMIT `WorkflowError` (with the probe's error as `cause`) when PostgreSQL has already
 * aborted the transaction. Kysely discards COMMIT's command tag, so a `SELECT 1` is the only way to notice
 * that a swallowed statement error turned the coming COMMIT into a ROLLBACK. It is sent only when the last
 * statement of the transaction failed (see `watchLastStatement`).
 *
 * @internal
 */
async function assertTransactionNotAborted(trx: Kysely<any>): Promise<void> {
  try {
    await executeRawStatement(trx, "SELECT 1");
  } catch (error) {
    throw new WorkflowError(ABORTED_COMMIT_MESSAGE, error);
  }
}

/**
 * Runs `callback` in a `duraflows_sp_<n>` savepoint of the active scope `scope` of `owner`.
 *
 * @internal
 */
export function runInKyselySavepoint<T>(
  owner: WorkflowKysely,
  scope: TransactionScope<WorkflowTransaction>,
  callback: (trx: WorkflowTransaction) => Promise<T>,
): Promise<T> {
  const trx = scope.connection;
  return kyselyTransactionScopes.runInSavepoint(owner, scope, callback, (sql) =>
    executeRawStatement(trx, sql),
  );
}

/**
 * Opens a transaction owned by duraflows on `db`: runs `setup` (timeouts), then `callback` in a fresh root
 * scope, probes for an aborted transaction when the last statement failed, lets kysely COMMIT, and only then runs the after-commit
 * callbacks. On any error kysely rolls back and the callbacks are dropped; a failing ROLLBACK is only logged
 * (`[duraflows] ROLLBACK failed after transaction error: …`) and the original error is rethrown.
 *
 * @internal
 */
export async function runOwnedKyselyTransaction<T>(
  db: WorkflowKysely,
  setup: (trx: WorkflowTransaction) => Promise<void>,
  callback: (trx: WorkflowTransaction) => Promise<T>,
): Promise<T> {
  let root: TransactionScope<WorkflowTransaction> | undefined;
  let original: { error: unknown } | undefined;
  let value: T;
  try {
    value = await db.transaction().execute(async (trx) => {
      const watch = await watchLastStatement(trx);
      try {
        await setup(trx);
        const scope = kyselyTransactionScopes.createRoot(trx);
        root = scope;
        const result = await kyselyTransactionScopes.run(db, scope, () => callback(trx));
        if (watch.mayBeAborted()) await assertTransactionNotAborted(trx);
        return result;
      } catch (error) {
        original = { error };
        throw error;
      } finally {
        watch.stop();
      }
    });
  } catch (error) {
    // Kysely lets a failing ROLLBACK replace the error that caused it; the cause is what the caller needs.
    if (original !== undefined && error !== original.error) {
      console.warn(`[duraflows] ROLLBACK failed after transaction error: ${messageOf(error)}`);
      throw original.error;
    }
    throw error;
  }
  await runAfterCommitCallbacks(root?.callbacks ?? []);
  return value;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function asOwner<DB>(db: Kysely<DB>): WorkflowKysely {
  return db as unknown as WorkflowKysely;
}

/**
 * Shares one transaction between application code and duraflows, per Kysely instance: workflow calls made
 * through providers built on the same `db` join it (nested work runs in savepoints).
 *
 * @example
 * ```ts
 * await KyselyTransactionContext.transaction(db, async (trx) => {
 *   await trx.insertInto("orders").values(order).execute();
 *   await runtime.createInstance({ workflowName: "order", context: { orderId: order.id } });
 * }); // committed together; observers fire after COMMIT
 * ```
 */
export const KyselyTransactionContext = {
  /** The active transaction of `owner` in the current async context, or `undefined`. */
  getTransaction<DB>(owner: Kysely<DB>): Transaction<WorkflowDatabase> | undefined {
    return kyselyTransactionScopes.current(asOwner(owner))?.connection;
  },

  /**
   * Seeds a caller-owned transaction `trx` of `owner` for the duration of `callback`: workflow calls on
   * `owner` join it as savepoints. The caller owns BEGIN/COMMIT, so after-commit callbacks (observers) run
   * when `callback`'s promise resolves, before the caller's COMMIT; nothing runs if it rejects.
   */
  run<DB, T>(owner: Kysely<DB>, trx: Transaction<DB>, callback: () => Promise<T>): Promise<T> {
    return kyselyTransactionScopes.runSeeded(asOwner(owner), trx as unknown as WorkflowTransaction, callback);
  },

  /**
   * Runs `callback` in a transaction on `db`: joins the active scope of `db` as a savepoint when there is
   * one, else opens (and commits) a transaction of its own, without timeout settings. After-commit
   * callbacks run only after the outermost COMMIT, never after a rollback.
   */
  transaction<DB, T>(db: Kysely<DB>, callback: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
    const owner = asOwner(db);
    const typed = callback as unknown as (trx: WorkflowTransaction) => Promise<T>;
    const active = kyselyTransactionScopes.current(owner);
    if (active !== undefined) return runInKyselySavepoint(owner, active, typed);
    return runOwnedKyselyTransaction(owner, async () => undefined, typed);
  },
};
