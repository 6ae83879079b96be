import type { Pool } from "pg";
import { databaseUrl, openPool } from "./database.js";

/** Opens the pool of `--database-url` / `DATABASE_URL`, runs `work`, and always ends the pool. */
export async function withDatabase<T>(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
  work: (pool: Pool) => Promise<T>,
): Promise<T> {
  const pool = await openPool(databaseUrl(flag, env));
  try {
    return await work(pool);
  } finally {
    await pool.end();
  }
}
