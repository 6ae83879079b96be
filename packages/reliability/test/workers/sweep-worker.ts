// A real sweeper process: calls processExpiredWorkflows until a pass finds nothing left to do and
// reports, through a post-commit observer, which instances it moved. Protocol like load-worker.ts.
import pg from "pg";
import { createPgRuntime } from "../support/pg-runtime.js";
import { stampCommand, sweepWorkflow } from "../support/workflows.js";

export interface SweepStart {
  type: "start";
  url: string;
  sweeper: string;
  limit: number;
}

export interface SweepDone {
  type: "done";
  processed: number;
  passes: number;
  swept: string[];
  failed: { uuid: string; error: string }[];
  /** Errors thrown by a whole pass (its scan): must stay empty in the load test. */
  passErrors: string[];
}

async function run(start: SweepStart): Promise<void> {
  const pool = new pg.Pool({ connectionString: start.url, max: 2 });
  const swept: string[] = [];
  const runtime = createPgRuntime(pool, {
    definitions: [sweepWorkflow],
    commands: { stamp: stampCommand(start.sweeper) },
    observers: [{ name: "record", onEnter: (event) => void swept.push(event.instanceUuid) }],
  });
  await runtime.initialize();
  process.send!({ type: "ready" });
  await new Promise<void>((resolve) => process.once("message", () => resolve()));
  const done: SweepDone = { type: "done", processed: 0, passes: 0, swept, failed: [], passErrors: [] };
  for (;;) {
    done.passes++;
    let result;
    try {
      result = await runtime.processExpiredWorkflows({ limit: start.limit });
    } catch (error) {
      // Reported, not hidden: the parent asserts there are none. Bounded so a broken database ends the loop.
      done.passErrors.push(error instanceof Error ? error.message : String(error));
      if (done.passErrors.length > 5) break;
      continue;
    }
    done.processed += result.processed;
    done.failed.push(...result.failed.map(({ uuid, error }) => ({ uuid, error })));
    // Instances scanned by this pass but taken by another sweeper are skipped and not counted, so an empty
    // pass means the scan found nothing due any more (or only rows others are finishing).
    if (result.processed + result.rejected + result.failed.length === 0) break;
  }
  await pool.end();
  process.send!(done, () => process.exit(0));
}

process.once("message", (message) => {
  run(message as SweepStart).catch((error: unknown) => {
    console.error("[sweep-worker] crashed:", error);
    process.exit(1);
  });
});
