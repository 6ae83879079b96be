import { AsyncLocalStorage } from "node:async_hooks";
import { describeThrown } from "../errors/describe-thrown.js";
import { WorkflowError } from "../errors/workflow-error.js";
import { runAfterCommitCallbacks } from "./run-after-commit-callbacks.js";
import type { AfterCommitCallback, TransactionScope } from "./types.js";

interface ScopeLink<K, C> {
  readonly owner: K;
  readonly scope: TransactionScope<C>;
  readonly parent: ScopeLink<K, C> | undefined;
}

/**
 * Runs one savepoint statement (`SAVEPOINT …`, `RELEASE SAVEPOINT …`, `ROLLBACK TO SAVEPOINT …`). It receives
 * the SQL text only: the adapter binds it to the transaction's connection, e.g. `(sql) => client.query(sql)`.
 */
export type SavepointStatementExecutor = (sql: string) => Promise<unknown>;

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === "object" || typeof value === "function") &&
    typeof (value as PromiseLike<unknown>).then === "function"
  );
}

/**
 * Transaction scopes propagated through `AsyncLocalStorage` and looked up per owner (a pool, a Kysely
 * instance…), so transactions of different owners never see each other. Nested work runs
 * in `duraflows_sp_<n>` savepoints; after-commit callbacks bubble up to the root scope.
 *
 * @example
 * ```ts
 * const scopes = new ScopedTransactionContext<Pool, PoolClient>();
 * const root = scopes.createRoot(client);
 * await scopes.run(pool, root, () => work());
 * await runAfterCommitCallbacks(root.callbacks); // after COMMIT
 * ```
 */
export class ScopedTransactionContext<K extends object, C> {
  // One AsyncLocalStorage per context object, holding a chain of (owner, scope) links, rather than one storage
  // per owner: every enabled AsyncLocalStorage taxes every promise of the process and is never released, so a
  // storage per owner (a Kysely transaction per request, say) would leak and slow the whole process down.
  // Lookups still key on the owner, so different pools or databases never see each other's transactions.
  private readonly storage = new AsyncLocalStorage<ScopeLink<K, C>>();

  /** The innermost active scope of `owner` in the current async context, if any. */
  current(owner: K): TransactionScope<C> | undefined {
    for (let link = this.storage.getStore(); link !== undefined; link = link.parent) {
      if (link.owner === owner) return link.scope;
    }
    return undefined;
  }

  /** A new outermost scope for `connection`, with no callbacks and a savepoint counter starting at 1. */
  createRoot(connection: C): TransactionScope<C> {
    return { connection, callbacks: [], root: { nextSavepointId: 1 } };
  }

  /** Runs `fn` with `scope` as the active scope of `owner`. */
  run<T>(owner: K, scope: TransactionScope<C>, fn: () => T): T {
    return this.storage.run({ owner, scope, parent: this.storage.getStore() }, fn);
  }

  /**
   * Queues `callback` on the innermost active scope of `owner`; throws
   * `WorkflowError("afterCommit requires an active transaction")` when none is active.
   */
  afterCommit(owner: K, callback: AfterCommitCallback): void {
    const scope = this.current(owner);
    if (scope === undefined) throw new WorkflowError("afterCommit requires an active transaction");
    scope.callbacks.push(callback);
  }

  /**
   * Runs `fn` in a savepoint on the parent's connection. `execute(sql)` gets the text of each savepoint
   * statement only and must run it on that connection. On success the savepoint is released and the child's
   * callbacks move to the parent; on failure it is rolled back and released, the child's callbacks are dropped
   * and the original error is rethrown (a failing rollback is only warned about). When `SAVEPOINT` itself
   * fails, its error propagates and `fn` never runs.
   */
  async runInSavepoint<T>(
    owner: K,
    parent: TransactionScope<C>,
    fn: (connection: C) => Promise<T> | T,
    execute: SavepointStatementExecutor,
  ): Promise<T> {
    const name = `duraflows_sp_${parent.root.nextSavepointId++}`;
    const child: TransactionScope<C> = { connection: parent.connection, callbacks: [], root: parent.root };
    await execute(`SAVEPOINT ${name}`);
    let result: T;
    try {
      result = await this.run(owner, child, () => fn(parent.connection));
    } catch (error) {
      try {
        await execute(`ROLLBACK TO SAVEPOINT ${name}`);
        await execute(`RELEASE SAVEPOINT ${name}`);
      } catch (rollbackError) {
        console.warn(
          `[duraflows] ROLLBACK TO SAVEPOINT failed after nested transaction error: ${describeThrown(rollbackError)}`,
        );
      }
      throw error;
    }
    await execute(`RELEASE SAVEPOINT ${name}`);
    parent.callbacks.push(...child.callbacks);
    return result;
  }

  /**
   * Seeds a caller-owned transaction: runs `fn` in a fresh root scope for `connection`. When `fn` returns a
   * promise, the queued callbacks run (still inside that scope) once it resolves and are dropped if it rejects;
   * a synchronous `fn` that queued callbacks gets them dropped with a warning.
   */
  runSeeded<T>(owner: K, connection: C, fn: () => T): T {
    const scope = this.createRoot(connection);
    return this.run(owner, scope, () => {
      const result = fn();
      if (isPromiseLike(result)) {
        return Promise.resolve(result).then(async (value) => {
          await runAfterCommitCallbacks(scope.callbacks);
          return value;
        }) as T;
      }
      if (scope.callbacks.length > 0) {
        console.warn(
          `[duraflows] ${scope.callbacks.length} afterCommit callback(s) were dropped because the seeded transaction callback returned synchronously; return a promise to run them`,
        );
        scope.callbacks.length = 0;
      }
      return result;
    });
  }
}
