import type { WorkflowRuntime } from "@duraflows/core";

/**
 * Fires due timeouts every minute. Safe to run on every replica: the scan locks rows with FOR UPDATE SKIP LOCKED
 * and each instance is processed in its own transaction.
 */
export function startTimeoutSweeper(runtime: WorkflowRuntime, intervalMs = 60_000): () => void {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return; // never overlap two sweeps in one process
    running = true;
    try {
      const result = await runtime.processExpiredWorkflows({ limit: 100 });
      for (const failure of result.failed)
        console.warn(`timeout of ${failure.uuid} failed: ${failure.error}`);
      for (const parked of result.parked) console.error(`timeout of ${parked.uuid} parked: ${parked.error}`);
    } finally {
      running = false;
    }
  }, intervalMs);
  return () => clearInterval(timer);
}
