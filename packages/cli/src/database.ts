import pg from "pg";
import { CommandError } from "./cli-error.js";

/** The connection string of `--database-url`, else `DATABASE_URL`. */
export function databaseUrl(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const url = flag ?? env.DATABASE_URL;
  if (!url) {
    throw new CommandError(
      "No database given",
      "Pass --database-url postgres://user@host:5432/db or set DATABASE_URL.",
    );
  }
  return url;
}

/** Hides the password of a connection string for messages. */
function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
}

/**
 * Opens a pool and checks it answers, turning connection failures into a {@link CommandError} (no stack).
 * The caller ends the pool.
 */
export async function openPool(url: string): Promise<pg.Pool> {
  const pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 10_000 });
  pool.on("error", () => undefined); // an idle client dropped by the server must not crash the CLI
  try {
    await pool.query("SELECT 1");
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new CommandError(
      `Cannot connect to ${redact(url)}: ${describe(error)}`,
      "Check the URL and that PostgreSQL is running.",
    );
  }
  return pool;
}

function describe(error: unknown): string {
  if (error instanceof AggregateError && !error.message && error.errors.length > 0)
    return describe(error.errors[0]);
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return error.message && typeof code === "string" && !error.message.includes(code)
      ? `${error.message} (${code})`
      : error.message || String(code ?? error.name);
  }
  return String(error);
}
