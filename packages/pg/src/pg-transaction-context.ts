import { runAfterCommitCallbacks, ScopedTransactionContext, WorkflowError } from "@duraflows/core";
import type { Pool, PoolClient } from "pg";
import { BEGIN, COMMIT, ROLLBACK } from "@duraflows/sql";

/**
 * Transaction scopes of the pg adapter, keyed by pool: work on one pool never joins a transaction of another.
 *
 * @internal
 */
export const pgTransactionScopes = new ScopedTransactionContext<Pool, PoolClient>();

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs `callback` in a transaction this adapter owns: checks out a client, `BEGIN`, the setup statements, the
 * callback inside a fresh root scope, `COMMIT`. Rolls back on any error (a failing ROLLBACK is only logged so
 * the original error wins), always releases the client, and runs the after-commit callbacks only once the
 * client is back in the pool.
 *
 * @internal
 */
export async function runOwnedPgTransaction<T>(
  pool: Pool,
  setupStatements: readonly string[],
  callback: (client: PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  const root = pgTransactionScopes.createRoot(client);
  let value: T;
  let broken: Error | undefined;
  // pg-pool listens for errors on idle clients only; a connection lost while checked out (failover, killed
  // backend) would otherwise emit an unhandled 'error' and crash the process. The failing query reports it.
  const onConnectionError = (error: Error): void => {
    broken = error;
  };
  client.on("error", onConnectionError);
  try {
    await client.query(BEGIN);
    for (const statement of setupStatements) await client.query(statement);
    value = await pgTransactionScopes.run(pool, root, () => callback(client));
    const commit = await client.query(COMMIT);
    // A statement failed earlier and its error was swallowed: PostgreSQL turned our COMMIT into a rollback.
    if (commit.command === "ROLLBACK") {
      throw new WorkflowError(
        "COMMIT was rolled back by PostgreSQL because an earlier statement in the transaction failed",
      );
    }
  } catch (error) {
    root.callbacks.length = 0;
    try {
      await client.query(ROLLBACK);
    } catch (rollbackError) {
      // The connection may be unusable; releasing it with an error makes the pool discard it.
      broken = rollbackError instanceof Error ? rollbackError : new Error(messageOf(rollbackError));
      console.warn(`[duraflows] ROLLBACK failed after transaction error: ${messageOf(rollbackError)}`);
    }
    throw error;
  } finally {
    client.removeListener("error", onConnectionError);
    client.release(broken);
  }
  await runAfterCommitCallbacks(root.callbacks);
  return value;
}

/**
 * Shares transactions between your own `pg` code and duraflows. A plain object; every method takes the
 * owning pool first, so transactions on different pools never see each other.
 */
export const PgTransactionContext = {
  /** The client of the transaction active on `pool` in this async context, or `undefined`. */
  getClient(pool: Pool): PoolClient | undefined {
    return pgTransactionScopes.current(pool)?.connection;
  },

  /**
   * Seeds a transaction you own (you issued `BEGIN` on `client` and will `COMMIT`): workflow calls inside
   * `callback` join it as savepoints. Observers fire when `callback`'s promise resolves, before your COMMIT;
   * nothing fires if it rejects.
   */
  run<T>(pool: Pool, client: PoolClient, callback: () => Promise<T>): Promise<T> {
    return pgTransactionScopes.runSeeded(pool, client, callback);
  },

  /**
   * Runs `callback` in a transaction on `pool`: joins the active one as a savepoint (same client), or opens and
   * commits its own (no timeout settings). Observers fire only after the outermost COMMIT, never after rollback.
   */
  transaction<T>(pool: Pool, callback: (client: PoolClient) => Promise<T>): Promise<T> {
    const scope = pgTransactionScopes.current(pool);
    if (scope !== undefined) {
      const client = scope.connection;
      return pgTransactionScopes.runInSavepoint(pool, scope, callback, (sql) => client.query(sql));
    }
    return runOwnedPgTransaction(pool, [], callback);
  },
};
