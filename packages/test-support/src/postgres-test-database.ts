import { randomBytes } from "node:crypto";
import pg from "pg";

/** Where the integration tests' PostgreSQL server lives, and how it was found. */
export interface PostgresServer {
  /** Connection string of a database on that server with the right to create databases. */
  adminUrl: string;
  source: "DATABASE_URL" | "local" | "testcontainers";
  /** Stops what was started for the tests (the container); a no-op for external servers. */
  stop(): Promise<void>;
}

/** A freshly created database, owned by one test file. */
export interface TestDatabase {
  /** Connection string of the new database. */
  url: string;
  name: string;
  /** Creates a pool on the database; every pool is closed by `drop()`. */
  createPool(config?: pg.PoolConfig): pg.Pool;
  /** Closes the pools and drops the database. */
  drop(): Promise<void>;
}

const LOCAL_URL = "postgres://postgres@127.0.0.1:5432/postgres";

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function startContainer(): Promise<PostgresServer | undefined> {
  // Optional dependency: only loaded when neither DATABASE_URL nor a local server is available.
  const moduleName = "@testcontainers/postgresql";
  let mod: any;
  try {
    mod = await import(moduleName);
  } catch {
    return undefined;
  }
  try {
    const container = await new mod.PostgreSqlContainer("postgres:16-alpine").start();
    return {
      adminUrl: container.getConnectionUri(),
      source: "testcontainers",
      stop: async () => {
        await container.stop();
      },
    };
  } catch {
    return undefined;
  }
}

let serverPromise: Promise<PostgresServer> | undefined;

/**
 * Finds the PostgreSQL server for integration tests: `DATABASE_URL` when set; otherwise a server on
 * 127.0.0.1:5432 (user `postgres`, database `postgres`) if one answers; otherwise a testcontainers
 * PostgreSQL 16 when a container runtime is reachable; otherwise it fails naming the three options.
 */
export function resolvePostgresServer(): Promise<PostgresServer> {
  serverPromise ??= (async () => {
    const fromEnv = process.env.DATABASE_URL;
    if (fromEnv) {
      if (!(await answers(fromEnv))) {
        throw new Error(`DATABASE_URL is set but PostgreSQL does not answer there (${redact(fromEnv)})`);
      }
      return { adminUrl: fromEnv, source: "DATABASE_URL", stop: async () => undefined };
    }
    if (await answers(LOCAL_URL)) {
      return { adminUrl: LOCAL_URL, source: "local", stop: async () => undefined };
    }
    const container = await startContainer();
    if (container) return container;
    throw new Error(
      "No PostgreSQL for the integration tests. Either set DATABASE_URL, run a server on 127.0.0.1:5432 " +
        "(user postgres, trust or password auth), or make a container runtime (Docker) reachable so " +
        "testcontainers can start postgres:16-alpine.",
    );
  })();
  return serverPromise;
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * Creates a fresh database named `duraflows_<label>_<random>` for one test file and returns it; call
 * `drop()` in `afterAll`. Files can run in parallel and re-runs never see old rows.
 */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const server = await resolvePostgresServer();
  const safeLabel = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .slice(0, 30);
  const name = `duraflows_${safeLabel}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  try {
    // Identifiers cannot be bound as parameters; `name` is built above from [a-z0-9_] only.
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(server.adminUrl, name);
  const pools: pg.Pool[] = [];
  return {
    url,
    name,
    createPool(config = {}) {
      const pool = new pg.Pool({ connectionString: url, ...config });
      // An idle client killed by the server (e.g. pg_terminate_backend in fault tests) must not crash the run.
      pool.on("error", () => undefined);
      pools.push(pool);
      return pool;
    },
    async drop() {
      await Promise.all(pools.map((pool) => pool.end().catch(() => undefined)));
      const cleanup = new pg.Client({ connectionString: server.adminUrl });
      await cleanup.connect();
      try {
        await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}
