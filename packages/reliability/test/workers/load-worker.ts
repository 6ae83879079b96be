// A real process firing events at shared instances (load and races). Protocol over IPC:
// parent → { type: "start", ... }; worker → "ready" once connected; parent → "go"; worker → { type: "done", … }.
import pg from "pg";
import { counterWorkflow, bumpCommand, COUNTER_EVENTS } from "../support/workflows.js";
import { createPgRuntime } from "../support/pg-runtime.js";

export interface LoadStart {
  type: "start";
  url: string;
  worker: number;
  uuids: string[];
  events: number;
  concurrency: number;
  /** Keyed events every worker fires identically: exactly one of the four calls may execute. */
  shared: { key: string; uuid: string }[];
}

export interface LoadOutcome {
  id: string;
  uuid: string;
  eventName: string;
  historyUuid?: string;
  error?: { name: string; message: string; code?: string };
}

export interface LoadDone {
  type: "done";
  outcomes: LoadOutcome[];
  keyed: LoadOutcome[];
}

function random(seed: number): () => number {
  // mulberry32: reproducible per worker, different across workers.
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function describe(error: unknown): LoadOutcome["error"] {
  const e = error as { name?: string; message?: string; code?: string };
  return {
    name: e?.name ?? "unknown",
    message: e?.message ?? String(error),
    ...(e?.code ? { code: e.code } : {}),
  };
}

async function run(start: LoadStart): Promise<void> {
  const pool = new pg.Pool({ connectionString: start.url, max: start.concurrency });
  const runtime = createPgRuntime(pool, {
    definitions: [counterWorkflow],
    commands: { bump: bumpCommand },
    provider: { idempotency: true },
  });
  await runtime.initialize();
  process.send!({ type: "ready" });
  await new Promise<void>((resolve) => process.once("message", () => resolve()));

  const next = random(1000 + start.worker);
  // A fifth of the events hit ten hot instances, so rows are really fought over.
  const pick = (): string =>
    next() < 0.2
      ? start.uuids[Math.floor(next() * 10)]!
      : start.uuids[Math.floor(next() * start.uuids.length)]!;
  const jobs: { id: string; uuid: string; eventName: string; key?: string }[] = [];
  for (let i = 0; i < start.events; i++) {
    jobs.push({
      id: `w${start.worker}-${i}`,
      uuid: pick(),
      eventName: COUNTER_EVENTS[Math.floor(next() * 3)]!,
    });
  }
  // Interleave the shared keyed events with the plain ones.
  start.shared.forEach((s, i) => {
    jobs.splice(Math.floor((i * jobs.length) / start.shared.length), 0, {
      id: s.key,
      uuid: s.uuid,
      eventName: "toggle",
      key: s.key,
    });
  });

  const outcomes: LoadOutcome[] = [];
  const keyed: LoadOutcome[] = [];
  let cursor = 0;
  const lane = async (): Promise<void> => {
    while (cursor < jobs.length) {
      const job = jobs[cursor++]!;
      const outcome: LoadOutcome = { id: job.id, uuid: job.uuid, eventName: job.eventName };
      try {
        const result = await runtime.triggerEvent({
          workflowInstanceUuid: job.uuid,
          eventName: job.eventName,
          triggerMetadata: { eventId: job.id },
          ...(job.key ? { idempotencyKey: job.key } : {}),
        });
        outcome.historyUuid = result.historyUuid;
      } catch (error) {
        outcome.error = describe(error);
      }
      (job.key ? keyed : outcomes).push(outcome);
    }
  };
  await Promise.all(Array.from({ length: start.concurrency }, lane));
  await pool.end();
  const done: LoadDone = { type: "done", outcomes, keyed };
  process.send!(done, () => process.exit(0));
}

process.once("message", (message) => {
  run(message as LoadStart).catch((error: unknown) => {
    console.error("[load-worker] crashed:", error);
    process.exit(1);
  });
});
