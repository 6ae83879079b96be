import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertExpiredSweepInstances } from "../support/expired-instances.js";
import { forkWorker } from "../support/fork-worker.js";
import { recordFigures } from "../support/figures.js";
import { createReliabilityDatabase, type ReliabilityDatabase } from "../support/pg-database.js";
import { createPgRuntime } from "../support/pg-runtime.js";
import { stampCommand, sweepWorkflow } from "../support/workflows.js";
import type { SweepDone, SweepStart } from "../workers/sweep-worker.js";

// Figures: 4 sweeper processes over 5,000 expired instances.
const SWEEPERS = 4;
const INSTANCES = 5_000;

describe("load: 4 sweeper processes over 5,000 expired instances (real PostgreSQL)", () => {
  let db: ReliabilityDatabase;
  let results: SweepDone[] = [];

  beforeAll(async () => {
    db = await createReliabilityDatabase("stress-sweepers");
    // Stores the definition once, so the sweepers' own initialize() only finds it.
    await createPgRuntime(db.pool, {
      definitions: [sweepWorkflow],
      commands: { stamp: stampCommand("setup") },
    }).initialize();
    await insertExpiredSweepInstances(db.pool, INSTANCES);
    const workers = Array.from({ length: SWEEPERS }, () => forkWorker<{ type: string }>("sweep-worker"));
    workers.forEach((worker, index) => {
      const start: SweepStart = {
        type: "start",
        url: db.database.url,
        sweeper: `sweeper-${index}`,
        limit: 100,
      };
      worker.send(start);
    });
    await Promise.all(workers.map((w) => w.next((m) => m.type === "ready")));
    for (const worker of workers) worker.send({ type: "go" });
    results = (await Promise.all(workers.map((w) => w.next((m) => m.type === "done")))) as SweepDone[];
    for (const worker of workers) expect((await worker.exited).code).toBe(0);
  });

  afterAll(async () => {
    await db?.database.drop();
  });

  it("no sweep failed, and the processes together processed each instance once", () => {
    expect(results.flatMap((r) => r.failed)).toEqual([]);
    expect(results.flatMap((r) => r.passErrors)).toEqual([]);
    expect(results.reduce((sum, r) => sum + r.processed, 0)).toBe(INSTANCES);
    const swept = results.flatMap((r) => r.swept);
    expect(new Set(swept).size).toBe(INSTANCES);
    expect(swept).toHaveLength(INSTANCES);
    // The work really was shared: more than one process swept something.
    expect(results.filter((r) => r.processed > 0).length).toBeGreaterThan(1);
  });

  it("each instance has exactly one timeout transition in history and nothing is still due", async () => {
    const { rows } = await db.pool.query<{
      uuid: string;
      version: number;
      state: string;
      swept_by: string | null;
      rows: string;
      timeouts: string;
    }>(
      `SELECT i.uuid, i.version, i.current_state AS state, i.context_json->>'sweptBy' AS swept_by,
              count(h.uuid) AS rows,
              count(h.uuid) FILTER (WHERE h.event_name = 'expire' AND h.trigger_metadata_json->>'source' = 'timeout'
                                      AND h.outcome = 'success') AS timeouts
         FROM workflow_instances i LEFT JOIN workflow_history h ON h.workflow_instance_uuid = i.uuid
        GROUP BY i.uuid`,
    );
    expect(rows).toHaveLength(INSTANCES);
    const wrong = rows.filter(
      (r) => r.rows !== "1" || r.timeouts !== "1" || r.version !== 1 || r.state !== "expired" || !r.swept_by,
    );
    expect(wrong).toEqual([]);
    // The process that committed the transition (context) is the one whose observer reported it.
    const reportedBy = new Map<string, string>();
    results.forEach((r, index) => r.swept.forEach((uuid) => reportedBy.set(uuid, `sweeper-${index}`)));
    expect(rows.filter((r) => reportedBy.get(r.uuid) !== r.swept_by)).toEqual([]);
    const { rows: due } = await db.pool.query(
      "SELECT uuid FROM workflow_instances WHERE expires_at IS NOT NULL",
    );
    expect(due).toEqual([]);
    recordFigures({
      instancesSwept: rows.length,
      sweeperProcesses: SWEEPERS,
      lostOrDuplicated: wrong.length,
    });
  });
});
