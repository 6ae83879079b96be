import { setTimeout as sleep } from "node:timers/promises";
import type pg from "pg";

/** Polls `check` until it is true; throws after `attempts` tries (a hang guard, not a speed assertion). */
export async function waitFor(check: () => Promise<boolean>, what: string, attempts = 600): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await check()) return;
    await sleep(50);
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** Waits until PostgreSQL no longer has a backend with this pid (its transaction is then rolled back). */
export function waitForBackendGone(pool: pg.Pool, pid: number): Promise<void> {
  return waitFor(async () => {
    const { rows } = await pool.query("SELECT 1 FROM pg_stat_activity WHERE pid = $1", [pid]);
    return rows.length === 0;
  }, `backend ${pid} to end`);
}

/** Terminates one backend from another connection (what a failover, a DBA or a network cut does). */
export async function terminateBackend(pool: pg.Pool, pid: number): Promise<void> {
  await pool.query("SELECT pg_terminate_backend($1)", [pid]);
  await waitForBackendGone(pool, pid);
}
