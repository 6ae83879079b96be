// One worker process of the worker-processes scenario, started by it with an IPC channel. It opens its own
// runtime on the bench database, says "ready", and on "go" drains one kind of work (due timeouts or durable
// executions) until none is left, then reports how many it processed and exits.
import { setTimeout as sleep } from "node:timers/promises";
import { openBenchDatabase } from "./lib/bench-database.js";
import { createBenchRuntime } from "./lib/duraflows.js";

/** What the scenario passes in BENCH_WORKER (JSON). */
export interface WorkerConfig {
  serverUrl: string;
  database: string;
  job: "timeouts" | "executions";
  /** `limit` of each pass. */
  limit: number;
}

/** Messages between the scenario and a worker process. */
export type WorkerMessage = { type: "ready" } | { type: "done"; processed: number; passes: number };

/** Work of `job` that is still to do (also what another process holds right now). */
const REMAINING: Record<WorkerConfig["job"], string> = {
  timeouts: `SELECT count(*)::int AS n FROM workflow_instances
WHERE expires_at IS NOT NULL AND timeout_parked_at IS NULL AND coalesce(timeout_retry_at, expires_at) <= now()`,
  executions: "SELECT count(*)::int AS n FROM workflow_executions WHERE status IN ('pending', 'running')",
};

async function main(): Promise<void> {
  const config = JSON.parse(process.env["BENCH_WORKER"] ?? "{}") as WorkerConfig;
  const db = openBenchDatabase(config.serverUrl, config.database);
  const bench = await createBenchRuntime("pg-durable", db, 2);
  const runtime = bench.runtime;
  const send = (message: WorkerMessage): Promise<void> =>
    new Promise((resolve, reject) =>
      process.send!(message, undefined, {}, (error) => (error ? reject(error) : resolve())),
    );
  const go = new Promise<void>((resolve) => process.once("message", () => resolve()));
  await send({ type: "ready" });
  await go;
  /** One pass; returns how many units it finished or advanced (claims lost to another process do not count). */
  const onePass = async (): Promise<number> => {
    if (config.job === "timeouts") {
      const pass = await runtime.processExpiredWorkflows({ limit: config.limit });
      if (pass.failed.length > 0) throw new Error(`timeout sweep failed: ${pass.failed[0]!.error}`);
      return pass.processed;
    }
    const pass = await runtime.processPendingExecutions({ limit: config.limit });
    if (pass.failed.length > 0) throw new Error(`execution pass failed: ${pass.failed[0]!.error}`);
    return pass.completed.length + pass.progressed.length;
  };
  let processed = 0;
  let passes = 0;
  try {
    for (;;) {
      passes++;
      const moved = await onePass();
      processed += moved;
      if (moved > 0) continue;
      // Nothing for this process: done when nothing is left anywhere, else the rest is held by others.
      if (Number((await db.exec(REMAINING[config.job])).rows[0]?.n ?? 0) === 0) break;
      await sleep(2);
    }
  } finally {
    await bench.close();
    await db.endPools();
  }
  await send({ type: "done", processed, passes });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
