import type { DatabaseConnection, Kysely } from "kysely";

/**
 * What {@link watchLastStatement} learnt about one transaction's connection.
 *
 * @internal
 */
export interface LastStatementWatch {
  /**
   * Whether the transaction may be aborted: the last statement sent on the connection failed, or the
   * connection could not be watched (then nothing is known and the answer is always `true`).
   */
  mayBeAborted(): boolean;
  /** Puts the connection back as it was; call it before the transaction ends. */
  stop(): void;
}

const UNWATCHED: LastStatementWatch = { mayBeAborted: () => true, stop: () => undefined };

/*
 * Why: PostgreSQL answers the COMMIT of a transaction it already aborted (a statement failed and the caller
 * swallowed its error) with a ROLLBACK tag instead of an error, and Kysely drivers discard that tag (only some
 * releases check it). A `SELECT 1` before COMMIT notices the abort, but costs one round trip per transaction.
 * A transaction is aborted only if the last statement sent on it failed: every statement in an aborted
 * transaction fails, and a statement that succeeds (a `ROLLBACK TO SAVEPOINT` after a failure included) leaves
 * it healthy. So the statements of the transaction's own connection are watched, and the probe runs only when
 * the last one failed. Every statement of the transaction passes through that connection object, whoever
 * sends it (the stores, the application through `KyselyTransactionContext`, savepoints), so nothing escapes
 * the watch. The connection is the transaction's alone while it is open; the wrapper is removed before COMMIT
 * or ROLLBACK (the connection's own properties, if any, restored), so the pooled connection leaves unchanged.
 */
/**
 * Starts watching the statements of `trx`'s connection (an own-property wrapper of its `executeQuery` and
 * `streamQuery`). When the connection cannot be reached or wrapped, the watch answers `mayBeAborted() ===
 * true`, which keeps the probe on every transaction.
 *
 * @internal
 */
export async function watchLastStatement(trx: Kysely<any>): Promise<LastStatementWatch> {
  let connection: DatabaseConnection;
  try {
    connection = await trx.getExecutor().provideConnection(async (provided) => provided);
  } catch {
    return UNWATCHED;
  }
  if (connection === null || typeof connection !== "object" || !Object.isExtensible(connection))
    return UNWATCHED;
  const saved = {
    executeQuery: Object.getOwnPropertyDescriptor(connection, "executeQuery"),
    streamQuery: Object.getOwnPropertyDescriptor(connection, "streamQuery"),
  };
  if (saved.executeQuery?.configurable === false || saved.streamQuery?.configurable === false)
    return UNWATCHED;
  const executeQuery = connection.executeQuery;
  const streamQuery = connection.streamQuery;
  if (typeof executeQuery !== "function" || typeof streamQuery !== "function") return UNWATCHED;
  let lastFailed = false;
  const target = connection as unknown as Record<string, unknown>;
  target.executeQuery = async function (this: DatabaseConnection, ...args: unknown[]) {
    try {
      const result = await (executeQuery as (...a: unknown[]) => Promise<unknown>).apply(connection, args);
      lastFailed = false;
      return result;
    } catch (error) {
      lastFailed = true;
      throw error;
    }
  };
  target.streamQuery = async function* (this: DatabaseConnection, ...args: unknown[]) {
    try {
      yield* (streamQuery as (...a: unknown[]) => AsyncIterableIterator<unknown>).apply(connection, args);
      lastFailed = false;
    } catch (error) {
      lastFailed = true;
      throw error;
    }
  };
  return {
    mayBeAborted: () => lastFailed,
    stop: () => {
      // Restores a driver's own methods too (a connection built as an object literal has them).
      for (const name of ["executeQuery", "streamQuery"] as const) {
        const descriptor = saved[name];
        if (descriptor === undefined) delete target[name];
        else Object.defineProperty(connection, name, descriptor);
      }
    },
  };
}
