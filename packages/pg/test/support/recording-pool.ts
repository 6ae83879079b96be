import type { Pool } from "pg";

/** One statement the fake pool saw, and whether it ran on the pool or on a checked-out client. */
export interface RecordedQuery {
  via: "pool" | "client";
  text: string;
  values: unknown[];
}

/** The result a test hands back for a statement (`rows` / `rowCount` / `command`). */
export interface FakeResult {
  rows?: unknown[];
  rowCount?: number | null;
  command?: string;
}

/** Options of {@link recordingPool}. */
export interface RecordingPoolOptions {
  /** Command tag of the answer to `COMMIT` (PostgreSQL says `ROLLBACK` for an aborted transaction). */
  commitTag?: string;
  /** A statement text that throws `Error("<text> failed")`. */
  failOn?: string;
  /** Result of every other statement; default: no rows, rowCount 0. */
  respond?: (query: RecordedQuery) => FakeResult | undefined;
}

/**
 * A `pg.Pool` stand-in that records every statement (text and bound values) and answers from `respond`; one
 * client is handed out by `connect()`. Enough to pin SQL, parameters, row mapping and the transaction statement
 * sequence without a server; behaviour against PostgreSQL itself is covered by the integration suites.
 */
export function recordingPool(options: RecordingPoolOptions = {}) {
  const queries: RecordedQuery[] = [];
  const released: unknown[] = [];
  const listeners = new Set<unknown>();
  const answer =
    (via: RecordedQuery["via"]) => async (sql: string | { text: string; values?: unknown[] }) => {
      const query: RecordedQuery =
        typeof sql === "string"
          ? { via, text: sql, values: [] }
          : { via, text: sql.text, values: sql.values ?? [] };
      queries.push(query);
      if (query.text === options.failOn) throw new Error(`${query.text} failed`);
      const result = options.respond?.(query) ?? {};
      return {
        command: query.text === "COMMIT" ? (options.commitTag ?? "COMMIT") : (result.command ?? "SELECT"),
        rows: result.rows ?? [],
        rowCount: result.rowCount === undefined ? (result.rows?.length ?? 0) : result.rowCount,
      };
    };
  const client = {
    on: (_event: string, listener: unknown) => listeners.add(listener),
    removeListener: (_event: string, listener: unknown) => listeners.delete(listener),
    query: answer("client"),
    release: (error?: unknown) => released.push(error),
  };
  const pool = { connect: async () => client, query: answer("pool") } as unknown as Pool;
  return {
    pool,
    client,
    queries,
    released,
    listeners,
    /** The statement texts in order, as a compact log. */
    statements: () => queries.map((query) => query.text),
  };
}
