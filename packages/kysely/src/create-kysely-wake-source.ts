import {
  createListenWakeSource,
  type ListenConnection,
  type ListenWakeSource,
  type ListenWakeSourceOptions,
} from "@duraflows/core";

/** The part of a `pg` pool (the one behind Kysely's `PostgresDialect`) the wake-up source uses. */
export interface WakeSourcePool {
  connect(): Promise<ListenConnection & { release(error?: Error | boolean): void }>;
}

/**
 * A wake-up source for `startWorker({ wake })` when the workflow stores run on Kysely: `LISTEN` on one
 * connection held from the `pg` pool behind your `PostgresDialect`, reconnecting with backoff when it drops
 * (workers keep polling meanwhile). Kysely itself has no `LISTEN`; the pool does.
 *
 * `LISTEN` needs a session: behind a pooler in transaction mode (PgBouncer `pool_mode=transaction`) the
 * notices never arrive. PGlite has no second session to listen from: use polling there.
 *
 * @example
 * ```ts
 * const pool = new pg.Pool({ connectionString });
 * const db = new Kysely<AppDb>({ dialect: new PostgresDialect({ pool }) });
 * const wake = createKyselyWakeSource(pool);
 * const worker = startWorker(runtime, { executions: true, outbox: true, wake });
 * ```
 */
export function createKyselyWakeSource(
  pool: WakeSourcePool,
  options: ListenWakeSourceOptions = {},
): ListenWakeSource {
  return createListenWakeSource(() => pool.connect(), {
    ...options,
    release: (client, error) => client.release(error ?? false),
  });
}
