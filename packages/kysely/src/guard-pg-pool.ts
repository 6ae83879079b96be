/** A pooled client as the guard sees it: something that can take and drop an `'error'` listener. */
export interface GuardedPoolClient {
  on(event: "error", listener: (error: Error) => void): unknown;
  removeListener(event: "error", listener: (error: Error) => void): unknown;
}

/**
 * The part of a `pg` `Pool` that {@link guardPgPool} uses: its `acquire` and `release` events (typed
 * structurally, so this package needs no runtime dependency on `pg`).
 */
export interface GuardablePgPool {
  on(event: "acquire", listener: (client: GuardedPoolClient) => void): unknown;
  on(
    event: "release",
    listener: (error: Error | boolean | undefined, client: GuardedPoolClient) => void,
  ): unknown;
}

const guardedPools = new WeakSet<object>();

// The connection is already marked unusable by pg when this fires: the next statement on it rejects, Kysely
// rolls the transaction back and discards the client. Listening is all that is needed to keep the event from
// being thrown as an uncaught exception.
const ignoreCheckedOutClientError = (): void => undefined;

/**
 * Makes a lost connection inside a transaction a rejected call instead of a process crash. pg-pool listens for
 * `'error'` only on idle clients; when the server ends the connection of a checked-out client that is not
 * running a statement (a transaction waiting on application code, then `pg_terminate_backend`, a failover, a
 * network cut), pg emits `'error'` on the client with nobody listening, and Node exits. The guard adds a
 * listener to every client for as long as it is checked out, so the error instead surfaces on the
 * transaction's next statement, the transaction rolls back, the broken client leaves the pool, and later calls
 * get a fresh connection. Returns the same pool; guarding a pool twice changes nothing.
 *
 * Use it on the pool you hand to Kysely's `PostgresDialect` (`@duraflows/pg` does the same on its own).
 *
 * @example
 * ```ts
 * const db = new Kysely<AppDatabase>({
 *   dialect: new PostgresDialect({ pool: guardPgPool(new pg.Pool({ connectionString })) }),
 * });
 * ```
 */
export function guardPgPool<P extends GuardablePgPool>(pool: P): P {
  if (guardedPools.has(pool)) return pool;
  guardedPools.add(pool);
  pool.on("acquire", (client) => {
    client.on("error", ignoreCheckedOutClientError);
  });
  pool.on("release", (_error, client) => {
    client.removeListener("error", ignoreCheckedOutClientError);
  });
  return pool;
}
