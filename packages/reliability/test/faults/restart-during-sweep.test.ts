import { setTimeout as sleep } from "node:timers/promises";
import type { CommandResult } from "@duraflows/core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { interruptDatabase } from "../support/database-outage.js";
import { insertExpiredSweepInstances } from "../support/expired-instances.js";
import { recordFigures } from "../support/figures.js";
import { createReliabilityDatabase, type ReliabilityDatabase } from "../support/pg-database.js";
import { createPgRuntime } from "../support/pg-runtime.js";
import { sweepWorkflow } from "../support/workflows.js";

const INSTANCES = 300;

describe("faults: the database restarts during a sweep", () => {
  let db: ReliabilityDatabase;

  beforeAll(async () => {
    db = await createReliabilityDatabase("stress-restart");
  });

  afterAll(async () => {
    await db?.database.drop();
  });

  it("the sweep fails cleanly (no partial write), the next sweeps complete the work exactly once", async () => {
    let executed = 0;
    let reachedMiddle!: () => void;
    const middle = new Promise<void>((resolve) => (reachedMiddle = resolve));
    // A pool of its own (createPool attaches the idle-error handler a restart needs).
    const pool = db.database.createPool({ max: 2 });
    const runtime = createPgRuntime(pool, {
      definitions: [sweepWorkflow],
      // A failure recorded during the outage is retried 1 ms later instead of the default minute, so the very
      // next sweep can take the instance again.
      runtime: { timeoutRetry: { initialDelayMs: 1, maxDelayMs: 1 } },
      commands: {
        stamp: {
          async execute(_subject, ctx): Promise<CommandResult> {
            if (++executed === 40) reachedMiddle();
            await sleep(2); // keeps the sweep busy long enough for the outage to land in its middle
            ctx.context.sweptBy = "restart-test";
            return { ok: true };
          },
        },
      },
    });
    await runtime.initialize();
    await insertExpiredSweepInstances(db.pool, INSTANCES);

    const first = runtime.processExpiredWorkflows({ limit: INSTANCES }).then(
      (result) => ({ result }),
      (error: unknown) => ({ error: error as Error }),
    );
    await middle;
    // Each instance hit by the outage logs that its failure could not be recorded either; keep them, check them.
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const mode = await interruptDatabase(db.database.name);
    const outcome = await first;
    for (const [message] of warn.mock.calls) expect(String(message)).toMatch(/^\[duraflows\] /);
    warn.mockRestore();
    console.log(
      `[reliability] sweep during ${mode}: ` +
        ("result" in outcome
          ? `processed ${outcome.result.processed}, failed ${outcome.result.failed.length}`
          : `threw ${outcome.error.message}`),
    );
    // Cleanly: either the pass reported its failed instances or it threw a connection error — never a hang.
    if ("error" in outcome) expect(outcome.error.message).toMatch(/terminat|connect|not accepting|shut/i);
    else expect(outcome.result.failed.length).toBeGreaterThan(0);

    // No partial write: every instance is either untouched or fully swept.
    const state = await sweepState();
    expect(state.partial).toEqual([]);
    expect(state.swept + state.untouched).toBe(INSTANCES);
    expect(state.untouched).toBeGreaterThan(0);

    // The next sweeps complete the work (a pass that processes nothing means nothing is due any more).
    let passes = 0;
    for (;;) {
      const result = await runtime.processExpiredWorkflows({ limit: INSTANCES });
      expect(result.failed).toEqual([]);
      passes++;
      if (result.processed === 0) break;
      await sleep(5); // past the 1 ms retry delay of instances whose failure was recorded
    }
    const after = await sweepState();
    expect(after).toEqual({ swept: INSTANCES, untouched: 0, partial: [] });
    recordFigures({ faultsInjected: 1, lostOrDuplicated: after.partial.length });
    expect(passes).toBeGreaterThan(1);
  });

  async function sweepState(): Promise<{ swept: number; untouched: number; partial: unknown[] }> {
    const { rows } = await db.pool.query<{
      uuid: string;
      state: string;
      version: number;
      rows: string;
      swept_by: string | null;
    }>(
      `SELECT i.uuid, i.current_state AS state, i.version, count(h.uuid) AS rows, i.context_json->>'sweptBy' AS swept_by
         FROM workflow_instances i LEFT JOIN workflow_history h ON h.workflow_instance_uuid = i.uuid GROUP BY i.uuid`,
    );
    let swept = 0;
    let untouched = 0;
    const partial: unknown[] = [];
    for (const row of rows) {
      if (row.state === "expired" && row.rows === "1" && row.swept_by !== null) swept++;
      else if (row.state === "waiting" && row.rows === "0" && row.swept_by === null) untouched++;
      else partial.push(row);
    }
    return { swept, untouched, partial };
  }
});
