import { createListenWakeSource, type ListenWakeSource, type ListenWakeSourceOptions } from "@duraflows/core";
import pg from "pg";

/**
 * A wake-up source for `startWorker({ wake })`: `LISTEN` on one dedicated connection, reconnecting with
 * backoff when it drops (workers keep polling meanwhile). Given a pool, it holds one of the pool's connections
 * for as long as it listens; given a connection config (or URL), it opens its own `pg.Client`.
 *
 * `LISTEN` needs a session: behind a pooler in transaction mode (PgBouncer `pool_mode=transaction`) the
 * notices never arrive, so point it at the server or at a session-mode pool. `pg_notify` itself works through
 * any pooler.
 *
 * @example
 * ```ts
 * const wake = createPgWakeSource(process.env.DATABASE_URL!);
 * const worker = startWorker(runtime, { executions: true, outbox: true, wake });
 * process.once("SIGTERM", () => void worker.stop().then(() => wake.close()));
 * ```
 */
export function createPgWakeSource(
  source: pg.Pool | pg.ClientConfig | string,
  options: ListenWakeSourceOptions = {},
): ListenWakeSource {
  if (source instanceof pg.Pool) {
    return createListenWakeSource(() => source.connect(), {
      ...options,
      release: (client, error) => client.release(error ?? false),
    });
  }
  return createListenWakeSource(
    async () => {
      const client = new pg.Client(source);
      try {
        await client.connect();
      } catch (error) {
        client.on("error", () => undefined);
        await client.end().catch(() => undefined);
        throw error;
      }
      return client;
    },
    { ...options, release: (client) => void client.end().catch(() => undefined) },
  );
}
