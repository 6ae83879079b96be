import type { Pool } from "pg";
import { describeError } from "./describe-error.js";
import { SchemaMigrationError } from "./schema-migration-error.js";

/**
 * A database with a single session that the migrator can also run on, such as PGlite
 * (`new PGlite("./data")` from `@electric-sql/pglite`): `query` runs one statement with parameters, `exec`
 * runs a script of several statements.
 */
export interface SingleSessionDatabase {
  query<R>(sql: string, params?: any[]): Promise<{ rows: R[] }>;
  exec(sql: string): Promise<unknown>;
}

/** Where the migrator runs: a `pg` pool, or a single-session database such as PGlite. */
export type MigrationDatabase = Pool | SingleSessionDatabase;

/** One connection the migrator holds for a whole run. @internal */
export interface MigrationSession {
  query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
  /** Runs a script that may hold several statements. */
  script(sql: string): Promise<void>;
  release(): void;
}

function isPool(database: MigrationDatabase): database is Pool {
  return typeof (database as Pool).connect === "function";
}

/**
 * Takes one session: a client of the pool (released by the caller), or the single-session database itself.
 * A pool that cannot connect becomes a {@link SchemaMigrationError} with a hint.
 *
 * @internal
 */
export async function openSession(database: MigrationDatabase): Promise<MigrationSession> {
  if (!isPool(database)) {
    return {
      query: (sql, params) => database.query(sql, params as any[]),
      // `query` of a single-session driver uses the extended protocol: one statement only.
      script: async (sql) => void (await database.exec(sql)),
      release: () => undefined,
    };
  }
  try {
    const client = await database.connect();
    return {
      query: async <R>(sql: string, params?: unknown[]) =>
        (await client.query(sql, params)) as unknown as { rows: R[] },
      // Without parameters `pg` uses the simple protocol, which accepts several statements.
      script: async (sql) => void (await client.query(sql)),
      release: () => client.release(),
    };
  } catch (error) {
    throw new SchemaMigrationError(
      `Cannot connect to PostgreSQL: ${describeError(error)}`,
      "Check --database-url (or DATABASE_URL) and that the server is running.",
      error,
    );
  }
}
