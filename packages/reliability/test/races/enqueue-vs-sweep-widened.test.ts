import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordFigures } from "../support/figures.js";
import { createReliabilityDatabase, instanceRow, type ReliabilityDatabase } from "../support/pg-database.js";
import { RACE_ADAPTERS, raceRuntime } from "../support/race-runtime.js";
import { clockAhead } from "../support/race-workflow.js";
import { closeSweepGate, GATED_POOL, installSweepGate } from "../support/sweep-gate.js";

// An enqueue that commits after the batch sweep's scan took its snapshot but before it locked the rows: the
// scan's "no active execution" filter cannot see it, so the sweep must re-check after locking.
describe.each(RACE_ADAPTERS)("races (%s): enqueue commits inside the batch sweep's scan", (adapter) => {
  let db: ReliabilityDatabase;

  beforeAll(async () => {
    db = await createReliabilityDatabase(`race-widened-${adapter}`);
    await installSweepGate(db.pool);
  });

  afterAll(async () => {
    await db?.database.drop();
  });

  it("the timeout never fires over the accepted execution, which then completes", async () => {
    const app = raceRuntime(adapter, db.database.createPool({ max: 4 }));
    const sweeper = raceRuntime(
      adapter,
      db.database.createPool({ ...GATED_POOL, max: 2 }),
      clockAhead(300_000),
    );
    await app.initialize();
    await sweeper.initialize();
    // Due first, so the scan reaches the gate before the target row.
    const gated = await app.createInstance({ workflowName: "race", metadata: { gate: "closed" } });
    const target = await app.createInstance({ workflowName: "race" });

    const gate = await closeSweepGate(db.pool);
    let accepted;
    let sweep;
    try {
      sweep = sweeper.processExpiredWorkflows({ limit: 10 });
      await gate.waiting();
      accepted = await app.enqueueEvent({
        workflowInstanceUuid: target.uuid,
        eventName: "work",
        idempotencyKey: "accepted-during-the-scan",
      });
    } finally {
      await gate.open();
    }
    const swept = await sweep;
    expect(swept.failed).toEqual([]);
    expect(swept.processed).toBe(1);
    expect(await instanceRow(db.pool, gated.uuid)).toMatchObject({ current_state: "expired" });
    expect(await instanceRow(db.pool, target.uuid)).toMatchObject({ current_state: "waiting", version: 0 });

    const pass = await app.processPendingExecutions();
    expect(pass).toMatchObject({ completed: [accepted.uuid], failed: [], retrying: [], parked: [] });
    expect(await instanceRow(db.pool, target.uuid)).toMatchObject({
      current_state: "worked",
      context_json: { works: 1 },
    });
    const { rows } = await db.pool.query(
      "SELECT event_name FROM workflow_history WHERE workflow_instance_uuid = $1 ORDER BY created_at",
      [target.uuid],
    );
    expect(rows).toEqual([{ event_name: "work" }]);
    recordFigures({ durableAccepted: 1, racedInstances: 2, durableLostOrStuck: 0 });
  });
});
