// A real process that either sweeps timeouts or enqueues durable events, round by round, on the same instances
// as its peers (enqueue-vs-sweep races). Protocol over IPC: parent → start; worker → ready; parent → round
// (uuids) any number of times, worker → round-done after each; parent → stop.
import pg from "pg";
import { clockAhead } from "../support/race-workflow.js";
import { raceRuntime, type RaceAdapter } from "../support/race-runtime.js";

export interface RaceStart {
  type: "start";
  url: string;
  adapter: RaceAdapter;
  role: "sweeper" | "enqueuer";
  /** Distinguishes the idempotency keys of the enqueuers. */
  name: string;
  limit: number;
}

export interface RaceRound {
  type: "round";
  round: number;
  uuids: string[];
}

export interface RaceRoundDone {
  type: "round-done";
  round: number;
  /** Uuids of the executions this enqueuer got accepted. */
  accepted: string[];
  /** Enqueues refused (instance busy or already swept). */
  refused: number;
  /** Instances this sweeper moved. */
  swept: number;
  /** Unexpected errors (must stay empty). */
  errors: string[];
}

const EXPECTED_REFUSALS = new Set(["WorkflowInstanceBusyError", "InvalidEventError"]);

async function run(start: RaceStart): Promise<void> {
  const pool = new pg.Pool({ connectionString: start.url, max: 3 });
  pool.on("error", () => undefined);
  const runtime = raceRuntime(
    start.adapter,
    pool,
    start.role === "sweeper" ? clockAhead(300_000) : { now: () => new Date() },
  );
  await runtime.initialize();
  process.on("message", (raw) => {
    const message = raw as RaceRound | { type: "stop" };
    if (message.type === "stop") {
      void pool.end().finally(() => process.exit(0));
      return;
    }
    void playRound(message).then((done) => process.send!(done));
  });
  process.send!({ type: "ready" });

  async function playRound(round: RaceRound): Promise<RaceRoundDone> {
    const done: RaceRoundDone = {
      type: "round-done",
      round: round.round,
      accepted: [],
      refused: 0,
      swept: 0,
      errors: [],
    };
    if (start.role === "enqueuer") {
      await Promise.all(
        round.uuids.map(async (uuid) => {
          try {
            const execution = await runtime.enqueueEvent({
              workflowInstanceUuid: uuid,
              eventName: "work",
              idempotencyKey: `${start.name}:${uuid}`,
            });
            done.accepted.push(execution.uuid);
          } catch (error) {
            if (error instanceof Error && EXPECTED_REFUSALS.has(error.name)) done.refused++;
            else done.errors.push(String(error));
          }
        }),
      );
      return done;
    }
    for (let pass = 0; pass < 50; pass++) {
      try {
        const result = await runtime.processExpiredWorkflows({ limit: start.limit });
        done.swept += result.processed;
        done.errors.push(...result.failed.map((f) => `${f.uuid}: ${f.error}`));
        if (result.processed + result.rejected + result.failed.length === 0) break;
      } catch (error) {
        done.errors.push(String(error));
      }
    }
    return done;
  }
}

process.once("message", (message) => {
  run(message as RaceStart).catch((error: unknown) => {
    console.error("[race-worker] crashed:", error);
    process.exit(1);
  });
});
