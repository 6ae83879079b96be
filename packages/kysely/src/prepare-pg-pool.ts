import { preparedStatementName } from "./compiled-query.js";

/** A `pg` client as {@link preparePgPool} sees it: its `query` method. */
export interface PreparablePgClient {
  query: (...args: any[]) => any;
}

/**
 * The part of a `pg` `Pool` that {@link preparePgPool} uses: its `connect` event (typed structurally, so this
 * package needs no runtime dependency on `pg`).
 */
export interface PreparablePgPool {
  on(event: "connect", listener: (client: PreparablePgClient) => void): unknown;
}

const preparedPools = new WeakSet<object>();

/**
 * Makes the pool send the adapter's hot statements (the instance read and lock and the transition write) as
 * prepared statements, as `@duraflows/pg` does: PostgreSQL parses and plans each once per connection instead of
 * on every call, which takes a large share of the server's work off every transition. Kysely's
 * `PostgresDialect` sends every query unnamed; this names exactly the statements whose SQL text the adapter
 * registered, and leaves every other query (your own among them) as it was. Applies to connections the pool
 * opens from now on, so call it on a new pool, before Kysely uses it. Returns the same pool; preparing a pool
 * twice changes nothing. For `node-postgres` pools only (PGlite needs nothing of the kind).
 *
 * @example
 * ```ts
 * const pool = guardPgPool(preparePgPool(new pg.Pool({ connectionString })));
 * const db = new Kysely<AppDatabase>({ dialect: new PostgresDialect({ pool }) });
 * ```
 */
export function preparePgPool<P extends PreparablePgPool>(pool: P): P {
  if (preparedPools.has(pool)) return pool;
  preparedPools.add(pool);
  pool.on("connect", (client) => {
    const query = client.query;
    // Kysely calls query(sql, parameters); every other shape (a config object, a cursor, a callback) passes.
    client.query = function (this: unknown, ...args: any[]): any {
      const [text, values] = args;
      if (args.length === 2 && typeof text === "string" && Array.isArray(values)) {
        const name = preparedStatementName(text);
        if (name !== undefined) return query.call(this, { name, text, values });
      }
      return query.apply(this, args);
    };
  });
  return pool;
}
