import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordFigures } from "../support/figures.js";
import { createReliabilityDatabase, type ReliabilityDatabase } from "../support/pg-database.js";
import { RACE_ADAPTERS, raceRuntime } from "../support/race-runtime.js";

// Executions whose instance changed behind their back sit at the head of the queue (oldest first), as many as
// a worker pass takes: the healthy executions queued after them must still run.
const POISONED = 5;
const HEALTHY = 20;
const INSTANCE_CHANGED = "Instance changed during durable execution";

describe.each(RACE_ADAPTERS)("races (%s): poisoned executions at the head of the queue", (adapter) => {
  let db: ReliabilityDatabase;

  beforeAll(async () => {
    db = await createReliabilityDatabase(`race-poisoned-${adapter}`);
  });

  afterAll(async () => {
    await db?.database.drop();
  });

  it("are parked with a clear lastError and every healthy execution behind them completes", async () => {
    const app = raceRuntime(adapter, db.database.createPool({ max: 4 }));
    const enqueue = async (): Promise<string> => {
      const { uuid } = await app.createInstance({ workflowName: "race" });
      const execution = await app.enqueueEvent({
        workflowInstanceUuid: uuid,
        eventName: "work",
        idempotencyKey: "k",
      });
      return execution.uuid;
    };
    const poisoned: string[] = [];
    for (let i = 0; i < POISONED; i++) poisoned.push(await enqueue());
    // A foreign writer moves each instance on without going through the runtime.
    await db.pool.query(
      `UPDATE workflow_instances SET version = version + 1
        WHERE uuid IN (SELECT workflow_instance_uuid FROM workflow_executions WHERE uuid = ANY($1::uuid[]))`,
      [poisoned],
    );
    const healthy: string[] = [];
    for (let i = 0; i < HEALTHY; i++) healthy.push(await enqueue());

    const completed: string[] = [];
    const failed: { uuid: string; error: string }[] = [];
    // Bounded: with the poisoned ones re-claimed forever, the healthy ones would never be reached.
    for (let pass = 0; pass < 20 && completed.length < HEALTHY; pass++) {
      const result = await app.processPendingExecutions({ limit: POISONED });
      completed.push(...result.completed);
      failed.push(...result.failed);
    }
    expect(completed.sort()).toEqual([...healthy].sort());
    const byUuid = (a: { uuid: string }, b: { uuid: string }): number => a.uuid.localeCompare(b.uuid);
    expect(failed.sort(byUuid)).toEqual(
      poisoned.map((uuid) => ({ uuid, error: INSTANCE_CHANGED })).sort(byUuid),
    );
    const { rows } = await db.pool.query<{ uuid: string; status: string; last_error: string }>(
      `SELECT uuid, status, execution_json->>'lastError' AS last_error FROM workflow_executions
        WHERE uuid = ANY($1::uuid[])`,
      [poisoned],
    );
    expect(rows.map((r) => [r.status, r.last_error])).toEqual(
      poisoned.map(() => ["parked", INSTANCE_CHANGED]),
    );
    recordFigures({
      durableAccepted: POISONED + HEALTHY,
      poisonedExecutions: POISONED,
      durableLostOrStuck: 0,
    });
  });
});
