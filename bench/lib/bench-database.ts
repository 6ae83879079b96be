import { randomBytes } from "node:crypto";
import pg from "pg";

const DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/postgres";

/** The throw-away database of one bench run. */
export interface BenchDatabase {
  /** Connection string of the bench database. */
  url: string;
  name: string;
  /** Connection string of another database on the same server (DBOS keeps its system database apart). */
  siblingUrl(name: string): string;
  /** A pool on the bench database; every pool handed out is ended by {@link BenchDatabase.endPools}. */
  pool(max: number): pg.Pool;
  /** Runs one statement on a short-lived connection to the bench database. */
  exec(sql: string, values?: unknown[]): Promise<pg.QueryResult>;
  /** Empties the workflow tables (between scenarios, so each starts from the same state). */
  truncateWorkflowTables(): Promise<void>;
  /** Empties instances and history but keeps the stored definitions that open runtimes initialised. */
  truncateInstances(): Promise<void>;
  /** Ends every pool this process opened (idempotent). */
  endPools(): Promise<void>;
}

/** DATABASE_URL, else the local server's `postgres` database as user postgres. */
export function adminUrl(): string {
  return process.env["DATABASE_URL"] ?? DEFAULT_URL;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Handle on an existing bench database `name` on the server of `serverUrl` (used by the parent and children). */
export function openBenchDatabase(serverUrl: string, name: string): BenchDatabase {
  const url = withDatabase(serverUrl, name);
  const pools = new Set<pg.Pool>();
  const exec = async (sql: string, values?: unknown[]): Promise<pg.QueryResult> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await client.query(sql, values);
    } finally {
      await client.end();
    }
  };
  return {
    url,
    name,
    siblingUrl: (sibling) => withDatabase(serverUrl, sibling),
    pool(max) {
      const pool = new pg.Pool({ connectionString: url, max });
      // An idle client killed by the final DROP DATABASE … WITH (FORCE) must not crash the run.
      pool.on("error", () => undefined);
      const end = pool.end.bind(pool);
      // Ending twice rejects in node-pg; scenarios end their pools and the harness ends leftovers.
      let ended: Promise<void> | undefined;
      pool.end = (() => (ended ??= end().finally(() => pools.delete(pool)))) as typeof pool.end;
      pools.add(pool);
      return pool;
    },
    exec,
    truncateWorkflowTables: async () => {
      await exec(
        "TRUNCATE workflow_outbox, workflow_history, workflow_event_idempotency, workflow_executions, workflow_instances, workflow_definitions",
      );
    },
    truncateInstances: async () => {
      await exec(
        "TRUNCATE workflow_outbox, workflow_history, workflow_event_idempotency, workflow_executions, workflow_instances",
      );
    },
    endPools: async () => {
      await Promise.allSettled([...pools].map((pool) => pool.end()));
    },
  };
}

/**
 * Creates a fresh database named duraflows_bench_<random> on the server of DATABASE_URL (or 127.0.0.1:5432),
 * applies `schemaSql`, runs `fn` with it and always drops it (plus the sibling databases `fn` reports, such
 * as DBOS's system database) at the end, so reruns never see old rows.
 */
export async function withBenchDatabase<T>(
  schemaSql: string,
  fn: (db: BenchDatabase, registerSibling: (name: string) => void) => Promise<T>,
): Promise<T> {
  const server = adminUrl();
  const name = `duraflows_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  const siblings = new Set<string>();
  let db: BenchDatabase | undefined;
  const drop = async (): Promise<void> => {
    for (const database of [...siblings, name]) {
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch((error: unknown) => {
        console.warn(`bench: could not drop database ${database}: ${String(error)}`);
      });
    }
  };
  // Interrupted (Ctrl-C, a CI timeout): still drop the databases, then exit as interrupted.
  const interrupted = (): void => {
    void drop().finally(() => process.exit(130));
  };
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    db = openBenchDatabase(server, name);
    await db.exec(schemaSql);
    return await fn(db, (sibling) => siblings.add(sibling));
  } finally {
    process.off("SIGINT", interrupted);
    process.off("SIGTERM", interrupted);
    await db?.endPools();
    await drop();
    await admin.end();
  }
}
