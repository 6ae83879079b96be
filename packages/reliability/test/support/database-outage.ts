import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { resolvePostgresServer } from "@duraflows/test-support";
import pg from "pg";
import { waitFor } from "./wait-for.js";

/** Which outage {@link interruptDatabase} produced. */
export type OutageMode = "real-restart" | "simulated-restart";

/**
 * Interrupts the database under a running workload.
 *
 * With `DURAFLOWS_ALLOW_PG_RESTART=1` (CI's stress step, which runs alone) the PostgreSQL server really
 * restarts (`pg_ctlcluster … restart`). Otherwise — the server is shared with other engineers' tests — the
 * restart is simulated on this database only: connections are refused (`ALLOW_CONNECTIONS false`), every backend
 * of the database is terminated, and after a short pause connections are allowed again.
 */
export async function interruptDatabase(databaseName: string): Promise<OutageMode> {
  const server = await resolvePostgresServer();
  if (process.env.DURAFLOWS_ALLOW_PG_RESTART === "1") {
    const [version] = readdirSync("/etc/postgresql");
    console.log(`[reliability] database outage: REAL restart of PostgreSQL ${version}/main`);
    execFileSync("pg_ctlcluster", ["--skip-systemctl-redirect", version!, "main", "restart"], {
      stdio: "inherit",
    });
    await waitFor(() => answers(server.adminUrl), "PostgreSQL to accept connections after the restart");
    return "real-restart";
  }
  console.log(
    `[reliability] database outage: SIMULATED restart of database ${databaseName} (set DURAFLOWS_ALLOW_PG_RESTART=1 for a real one)`,
  );
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  try {
    // The name comes from createTestDatabase ([a-z0-9_] only); identifiers cannot be bound.
    await admin.query(`ALTER DATABASE "${databaseName}" ALLOW_CONNECTIONS false`);
    await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
      [databaseName],
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
  } finally {
    await admin.query(`ALTER DATABASE "${databaseName}" ALLOW_CONNECTIONS true`).catch(() => undefined);
    await admin.end();
  }
  return "simulated-restart";
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
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
