import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordFigures } from "../support/figures.js";
import { forkWorker, type Worker } from "../support/fork-worker.js";
import { createReliabilityDatabase, type ReliabilityDatabase } from "../support/pg-database.js";
import { createPgRuntime } from "../support/pg-runtime.js";
import type { RaceAdapter } from "../support/race-runtime.js";
import {
  chargeCommand,
  insertSoakInstances,
  SOAK_EFFECTS_DDL,
  soakWorkflow,
} from "../support/soak-workflow.js";
import type { SoakStart } from "../workers/soak-worker.js";

// 5,000 accepted durable events (by default) worked off by 3 worker processes while the test SIGKILLs workers (and starts
// new ones) and terminates the workers' database connections. Kysely workers are only SIGKILLed: a connection
// terminated inside a Kysely-owned transaction currently crashes the process (tracked separately), so the
// connection kills target the pg workers.
const EVENTS = soakEvents();
const WORKERS: RaceAdapter[] = ["pg", "pg", "kysely"];
const ENQUEUE_CONCURRENCY = 6;
const FAULT_EVERY_MS = 1_000;
/** Every this many faults, a SIGKILL instead of a connection kill. */
const SIGKILL_EVERY = 6;
/** Hang guard only (never a speed assertion): polls of one second each. */
const MAX_POLLS = 900;
/** The whole soak runs in the hook; bounded by the hang guard above, not by speed. */
const HOOK_TIMEOUT_MS = 1_200_000;

/** 5,000, or DURAFLOWS_SOAK_EVENTS (a positive integer) for a quicker local run. */
function soakEvents(): number {
  const raw = process.env.DURAFLOWS_SOAK_EVENTS;
  if (raw === undefined || raw === "") return 5_000;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new Error(`DURAFLOWS_SOAK_EVENTS must be a positive integer, got "${raw}"`);
  }
  return value;
}

describe(`faults: ${EVENTS} durable events with worker SIGKILLs and connection kills`, () => {
  let db: ReliabilityDatabase;
  const workers = new Map<number, Worker<{ type: string }>>();
  const unexpectedExits: string[] = [];
  const killed = new Set<number>();
  const ready = new Set<number>();
  let spawned = 0;
  let sigkills = 0;
  let connectionKills = 0;
  let accepted = 0;

  function spawn(slot: number): void {
    const adapter = WORKERS[slot]!;
    const worker = forkWorker<{ type: string }>("soak-worker");
    const id = spawned++;
    const start: SoakStart = {
      type: "start",
      url: db.database.url,
      adapter,
      name: `${slot}-${id}`,
      limit: 25,
    };
    worker.send(start);
    void worker
      .next((m) => m.type === "ready")
      .then(
        () => ready.add(worker.child.pid!),
        () => undefined,
      );
    void worker.exited.then(({ code, signal }) => {
      if (!killed.has(worker.child.pid!) && code !== 0)
        unexpectedExits.push(`${adapter} worker: ${code ?? signal}`);
    });
    workers.set(slot, worker);
  }

  async function completed(): Promise<number> {
    const { rows } = await db.pool.query<{ n: string }>(
      "SELECT count(*) AS n FROM workflow_executions WHERE status = 'completed'",
    );
    return Number(rows[0]!.n);
  }

  async function injectFault(round: number): Promise<void> {
    // A SIGKILL every few faults, on a worker that is up: each new process pays its start-up again.
    const up = [...workers.entries()].filter(([, worker]) => ready.has(worker.child.pid!));
    if (round % SIGKILL_EVERY === SIGKILL_EVERY - 1 && up.length > 0) {
      const [slot, victim] = up[Math.floor(Math.random() * up.length)]!;
      killed.add(victim.child.pid!);
      victim.child.kill("SIGKILL");
      await victim.exited;
      sigkills++;
      spawn(slot);
      return;
    }
    const { rows } = await db.pool.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity
        WHERE datname = current_database() AND application_name LIKE 'soak-pg-%'
        ORDER BY (state = 'idle'), random() LIMIT 1`,
    );
    if (rows.length === 0) return;
    await db.pool.query("SELECT pg_terminate_backend($1)", [rows[0]!.pid]);
    connectionKills++;
  }

  beforeAll(async () => {
    db = await createReliabilityDatabase("stress-durable-soak");
    await db.pool.query(SOAK_EFFECTS_DDL);
    const appPool = db.database.createPool({ max: ENQUEUE_CONCURRENCY });
    const app = createPgRuntime(appPool, {
      definitions: [soakWorkflow],
      commands: { charge: chargeCommand(appPool) },
      provider: { durableExecution: true },
      runtime: {
        durableExecution: { leaseDurationMs: 3_000, initialDelayMs: 50, maxDelayMs: 500, maxAttempts: 1_000 },
      },
    });
    await app.initialize();
    const uuids = await insertSoakInstances(db.pool, EVENTS);
    for (let slot = 0; slot < WORKERS.length; slot++) spawn(slot);

    let enqueued = false;
    const enqueue = (async () => {
      let next = 0;
      await Promise.all(
        Array.from({ length: ENQUEUE_CONCURRENCY }, async () => {
          while (next < uuids.length) {
            const uuid = uuids[next++]!;
            await app.enqueueEvent({
              workflowInstanceUuid: uuid,
              eventName: "settle",
              idempotencyKey: `soak:${uuid}`,
            });
            accepted++;
          }
        }),
      );
      enqueued = true;
    })();
    const chaos = (async () => {
      for (let round = 0; !enqueued || (await completed()) < EVENTS; round++) {
        if (round > MAX_POLLS) throw new Error("gave up waiting for the soak to drain");
        await sleep(FAULT_EVERY_MS);
        await injectFault(round);
      }
    })();
    await Promise.all([enqueue, chaos]);
  }, HOOK_TIMEOUT_MS);

  afterAll(async () => {
    for (const worker of workers.values()) worker.send({ type: "stop" });
    await Promise.all(
      [...workers.values()].map((w) =>
        Promise.race([w.exited, sleep(10_000).then(() => w.child.kill("SIGKILL"))]),
      ),
    );
    recordFigures({
      faultsInjected: sigkills + connectionKills,
      workerKills: sigkills,
      connectionKills,
    });
    await db?.database.drop();
  });

  it("loses nothing, leaves nothing stuck and applies every event exactly once", async () => {
    expect(accepted).toBe(EVENTS);
    // The faults really happened, of both kinds, and no worker died of anything but our SIGKILLs.
    expect(sigkills).toBeGreaterThan(0);
    expect(connectionKills).toBeGreaterThan(0);
    expect(unexpectedExits).toEqual([]);

    const { rows: statuses } = await db.pool.query<{ status: string; n: string }>(
      "SELECT status, count(*) AS n FROM workflow_executions GROUP BY status",
    );
    expect(statuses).toEqual([{ status: "completed", n: String(EVENTS) }]);
    const { rows: wrong } = await db.pool.query(
      `SELECT i.uuid, i.current_state, i.version, i.context_json,
              (SELECT count(*) FROM workflow_history h WHERE h.workflow_instance_uuid = i.uuid) AS history
         FROM workflow_instances i
        WHERE NOT (i.current_state = 'settled' AND i.version = 1 AND i.context_json = '{"charged": true}'::jsonb
                   AND (SELECT count(*) FROM workflow_history h WHERE h.workflow_instance_uuid = i.uuid
                          AND h.event_name = 'settle' AND h.outcome = 'success') = 1
                   AND (SELECT count(*) FROM workflow_history h WHERE h.workflow_instance_uuid = i.uuid) = 1)`,
    );
    expect(wrong).toEqual([]);
    const { rows: effects } = await db.pool.query<{ keys: string; runs: string }>(
      "SELECT count(*) AS keys, coalesce(sum(runs), 0) AS runs FROM soak_effects",
    );
    // At least once: every command ran; re-runs after a kill reuse the same idempotency key.
    expect(Number(effects[0]!.keys)).toBe(EVENTS);
    console.info(
      `[durable-soak] ${EVENTS} events accepted and completed by ${spawned} worker processes; ` +
        `${sigkills} SIGKILLs, ${connectionKills} connections terminated; ` +
        `${Number(effects[0]!.runs) - EVENTS} external commands re-run after a fault; lost or stuck: 0`,
    );
    recordFigures({ durableAccepted: EVENTS, durableLostOrStuck: wrong.length });
  });
});
