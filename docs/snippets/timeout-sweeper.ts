import { startWorker, type WorkflowRuntime } from "@duraflows/core";

/**
 * Fires due timeouts every minute until the signal aborts. Safe to run on every replica: the scan locks rows with
 * FOR UPDATE SKIP LOCKED and each instance is processed in its own transaction.
 */
export function startTimeoutSweeper(runtime: WorkflowRuntime, signal: AbortSignal) {
  return startWorker(runtime, {
    timeouts: { limit: 100 },
    intervalMs: 60_000,
    signal, // aborting stops the timer; the sweep in flight finishes first
    onError: (error) => console.error("timeout sweep failed", error),
    onPass: ({ timeouts }) => {
      for (const failure of timeouts?.failed ?? [])
        console.warn(`timeout of ${failure.uuid} failed: ${failure.error}`);
      for (const parked of timeouts?.parked ?? [])
        console.error(`timeout of ${parked.uuid} parked: ${parked.error}`);
    },
  });
}

// At shutdown: `await worker.stop()` (or abort the signal and `await worker.stopped`), then close the pool.
