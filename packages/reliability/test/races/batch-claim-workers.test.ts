import { setTimeout as sleep } from "node:timers/promises";
import type { ClaimedExecution, WorkflowCommand, WorkflowRuntime } from "@duraflows/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordFigures } from "../support/figures.js";
import { createReliabilityDatabase, type ReliabilityDatabase } from "../support/pg-database.js";
import { createPgRuntime } from "../support/pg-runtime.js";
import { RACE_ADAPTERS, racePersistence } from "../support/race-runtime.js";
import { raceWorkflow, workCommand } from "../support/race-workflow.js";

const WORKERS = 4;
const EXECUTIONS = 40;
const LEASE_MS = 600;

/**
 * Several workers, each a runtime on its own pool, drain one queue with the batch claim. The window between
 * leasing a batch and running it is widened at random (up to longer than the lease), so batches overlap in
 * time, late executions find their lease low (renewed) or gone (skipped and claimed again by another worker),
 * and commands sleep while others claim. Every command run is tracked in this process, which hosts all the
 * workers: no execution may ever run on two workers at once, and none may be lost or left behind.
 */
describe.each(RACE_ADAPTERS)("races (%s): workers on separate pools batch-claim one queue", (adapter) => {
  let db: ReliabilityDatabase;

  beforeAll(async () => {
    db = await createReliabilityDatabase(`race-batch-claim-${adapter}`);
  });

  afterAll(async () => {
    await db?.database.drop();
  });

  it("no execution runs twice at once and every one completes", async () => {
    const running = new Map<string, number>();
    const runs = new Map<string, number>();
    let overlaps = 0;
    let claimedInBatches = 0;
    let widened = 0;
    const tracked: WorkflowCommand = {
      async execute(subject, ctx) {
        const id = ctx.durable!.executionUuid;
        const now = (running.get(id) ?? 0) + 1;
        running.set(id, now);
        if (now > 1) overlaps++;
        runs.set(id, (runs.get(id) ?? 0) + 1);
        try {
          // Long enough that a second run of the same execution would overlap with this one.
          await sleep(30 + Math.random() * 90);
          return await workCommand.execute(subject, ctx);
        } finally {
          running.set(id, running.get(id)! - 1);
        }
      },
    };
    const pools = Array.from({ length: WORKERS + 1 }, () => db.database.createPool({ max: 2 }));
    const build = (index: number): WorkflowRuntime => {
      const persistence = racePersistence(adapter, pools[index]!);
      const store = persistence.executionStore!;
      const claimDue = store.claimDue!.bind(store);
      // The widened window: a batch is leased, then waits before its first execution runs.
      store.claimDue = async (input): Promise<ClaimedExecution[]> => {
        const taken = await claimDue(input);
        claimedInBatches += taken.filter((t) => t.claimed).length;
        if (taken.length > 0 && Math.random() < 0.5) {
          widened++;
          await sleep(Math.random() * (LEASE_MS + 100));
        }
        return taken;
      };
      return createPgRuntime(pools[index]!, {
        definitions: [raceWorkflow],
        commands: { work: tracked },
        persistenceOverride: persistence,
        runtime: {
          durableExecution: {
            leaseDurationMs: LEASE_MS,
            initialDelayMs: 10,
            maxDelayMs: 100,
            maxAttempts: 50,
          },
          ...(adapter === "pg-optimistic" ? { optimisticTransitions: true } : {}),
        },
      });
    };
    const app = build(WORKERS);
    await app.initialize();
    const accepted: string[] = [];
    const instances: string[] = [];
    for (let i = 0; i < EXECUTIONS; i++) {
      const instance = await app.createInstance({ workflowName: "race" });
      instances.push(instance.uuid);
      accepted.push(
        (
          await app.enqueueEvent({
            workflowInstanceUuid: instance.uuid,
            eventName: "work",
            idempotencyKey: "k",
          })
        ).uuid,
      );
    }
    const completed = new Set<string>();
    const failures: string[] = [];
    const deadline = Date.now() + 120_000;
    const worker = async (runtime: WorkflowRuntime): Promise<void> => {
      await runtime.initialize();
      while (completed.size < EXECUTIONS && Date.now() < deadline) {
        const pass = await runtime.processPendingExecutions({ limit: 3 });
        for (const uuid of pass.completed) completed.add(uuid);
        for (const failure of pass.failed) failures.push(`${failure.uuid}: ${failure.error}`);
        if (pass.processed === 0) await sleep(20);
      }
    };
    try {
      await Promise.all(Array.from({ length: WORKERS }, (_, i) => worker(build(i))));
      expect(failures).toEqual([]);
      expect(overlaps).toBe(0);
      expect([...completed].sort()).toEqual([...accepted].sort());
      for (const uuid of accepted) {
        const execution = (await app.getExecution(uuid))!;
        expect(execution).toMatchObject({ status: "completed", leaseToken: null });
        expect(execution.journal).toHaveLength(1);
      }
      const { rows } = await db.pool.query<{ state: string; works: number; history: string }>(
        `SELECT i.current_state AS state, (i.context_json->>'works')::int AS works,
           (SELECT count(*) FROM workflow_history h WHERE h.workflow_instance_uuid = i.uuid) AS history
         FROM workflow_instances i WHERE i.uuid = ANY($1::uuid[])`,
        [instances],
      );
      expect(rows).toHaveLength(EXECUTIONS);
      for (const row of rows) expect(row).toEqual({ state: "worked", works: 1, history: "1" });
      // The window was widened and batches did overlap; otherwise this test would prove nothing.
      expect(widened).toBeGreaterThan(0);
      expect(claimedInBatches).toBeGreaterThanOrEqual(EXECUTIONS);
      console.info(
        `[${adapter}] ${EXECUTIONS} executions, ${claimedInBatches} leases taken in batches (${claimedInBatches - EXECUTIONS} taken again after a lease ran out), ${widened} widened batches, ${[...runs.values()].filter((n) => n > 1).length} re-run after a lost lease`,
      );
      recordFigures({ durableAccepted: EXECUTIONS, durableLostOrStuck: EXECUTIONS - completed.size });
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });
});
