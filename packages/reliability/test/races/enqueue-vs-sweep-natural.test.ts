import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordFigures } from "../support/figures.js";
import { forkWorker, type Worker } from "../support/fork-worker.js";
import { createReliabilityDatabase, type ReliabilityDatabase } from "../support/pg-database.js";
import { insertBacklogInstances, insertRaceInstances } from "../support/race-instances.js";
import { RACE_ADAPTERS, raceRuntime } from "../support/race-runtime.js";
import { clockAhead } from "../support/race-workflow.js";
import type { RaceRound, RaceRoundDone, RaceStart } from "../workers/race-worker.js";

// 2 sweeper processes and 2 enqueuer processes on the same due instances, round after round, with nothing
// widening the window: whatever the interleaving, an accepted execution must complete and its instance must
// never be moved by a timeout.
const ROUNDS = 20;
const PER_ROUND = 12;
/**
 * Due rows held locked by another transaction, as when other sweepers are busy with a backlog: every scan
 * walks past them (evaluating its filter, then skipping the lock) before it reaches the round's rows, the way a
 * real scan over a large table takes its time. Nothing in the statement is altered.
 */
const BACKLOG = 3_000;

describe.each(RACE_ADAPTERS)(
  "races (%s): 2 sweepers and 2 enqueuers on the same due instances",
  (adapter) => {
    let db: ReliabilityDatabase;
    let workers: Worker<{ type: string }>[] = [];
    const rounds: RaceRoundDone[] = [];

    beforeAll(async () => {
      db = await createReliabilityDatabase(`race-natural-${adapter}`);
      await raceRuntime(adapter, db.database.createPool({ max: 2 })).initialize();
      const roles: RaceStart["role"][] = ["sweeper", "enqueuer", "sweeper", "enqueuer"];
      workers = roles.map(() => forkWorker<{ type: string }>("race-worker"));
      workers.forEach((worker, index) => {
        const start: RaceStart = {
          type: "start",
          url: db.database.url,
          adapter,
          role: roles[index]!,
          name: `p${index}`,
          limit: 4,
        };
        worker.send(start);
      });
      await Promise.all(workers.map((w) => w.next((m) => m.type === "ready")));
      const backlog = await insertBacklogInstances(db.pool, BACKLOG);
      const holder = await db.pool.connect();
      await holder.query("BEGIN");
      await holder.query("SELECT 1 FROM workflow_instances WHERE uuid = ANY($1::uuid[]) FOR UPDATE", [
        backlog,
      ]);
      try {
        for (let round = 0; round < ROUNDS; round++) {
          const uuids = await insertRaceInstances(db.pool, PER_ROUND);
          const message: RaceRound = { type: "round", round, uuids };
          for (const worker of workers) worker.send(message);
          const done = await Promise.all(
            workers.map((w) =>
              w.next((m) => m.type === "round-done" && (m as RaceRoundDone).round === round),
            ),
          );
          rounds.push(...(done as RaceRoundDone[]));
        }
      } finally {
        await holder.query("ROLLBACK");
        holder.release();
      }
      await db.pool.query("DELETE FROM workflow_instances WHERE uuid = ANY($1::uuid[])", [backlog]);
      for (const worker of workers) worker.send({ type: "stop" });
      for (const worker of workers) expect((await worker.exited).code).toBe(0);
    });

    afterAll(async () => {
      for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill("SIGKILL");
      await db?.database.drop();
    });

    it("every accepted execution completes and no instance was both swept and worked", async () => {
      expect(rounds.flatMap((r) => r.errors)).toEqual([]);
      const accepted = rounds.flatMap((r) => r.accepted);
      // The race really ran: both sides won some instances.
      expect(accepted.length).toBeGreaterThan(0);
      expect(rounds.reduce((sum, r) => sum + r.swept, 0)).toBeGreaterThan(0);

      // Drain the queue, then sweep what is left with a clock past every deadline.
      const app = raceRuntime(adapter, db.database.createPool({ max: 2 }));
      for (let pass = 0; pass < 100; pass++) {
        const result = await app.processPendingExecutions({ limit: 100 });
        if (result.processed + result.failed.length + result.skipped.length === 0) break;
      }
      const late = raceRuntime(adapter, db.database.createPool({ max: 2 }), clockAhead(300_000));
      for (let pass = 0; pass < 100; pass++) {
        if ((await late.processExpiredWorkflows({ limit: 100 })).processed === 0) break;
      }

      const { rows: executions } = await db.pool.query<{
        uuid: string;
        status: string;
        last_error: string | null;
      }>("SELECT uuid, status, execution_json->>'lastError' AS last_error FROM workflow_executions");
      expect(executions.map((e) => e.uuid).sort()).toEqual([...accepted].sort());
      const notCompleted = executions.filter((e) => e.status !== "completed");
      expect(notCompleted).toEqual([]);

      const { rows: instances } = await db.pool.query<{
        state: string;
        works: string | null;
        executions: string;
        events: string[];
      }>(
        `SELECT i.current_state AS state, i.context_json->>'works' AS works,
              (SELECT count(*) FROM workflow_executions e WHERE e.workflow_instance_uuid = i.uuid) AS executions,
              coalesce((SELECT array_agg(h.event_name ORDER BY h.created_at) FROM workflow_history h
                         WHERE h.workflow_instance_uuid = i.uuid), '{}') AS events
         FROM workflow_instances i`,
      );
      expect(instances).toHaveLength(ROUNDS * PER_ROUND);
      const wrong = instances.filter(
        (i) =>
          !(i.state === "worked" && i.works === "1" && i.executions === "1" && i.events.join() === "work") &&
          !(
            i.state === "expired" &&
            i.works === null &&
            i.executions === "0" &&
            i.events.join() === "expire"
          ),
      );
      expect(wrong).toEqual([]);
      recordFigures({
        durableAccepted: accepted.length,
        racedInstances: instances.length,
        durableLostOrStuck: notCompleted.length + wrong.length,
      });
      console.info(
        `[race-natural ${adapter}] ${accepted.length} executions accepted, ` +
          `${instances.filter((i) => i.state === "expired").length} instances swept, ` +
          `${rounds.reduce((sum, r) => sum + r.refused, 0)} enqueues refused; lost or stuck: ${notCompleted.length + wrong.length}`,
      );
    });
  },
);
