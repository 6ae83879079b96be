import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { toggleWithCommandWorkflow } from "../fixtures/workflows.js";
import type { BenchDatabase } from "../lib/bench-database.js";
import { createBenchRuntime, type BenchRuntime } from "../lib/duraflows.js";
import { median } from "../lib/stats.js";
import { ratio } from "../lib/stats.js";
import type { BenchContext, Cell, Scenario, ScenarioResult, TargetCheck } from "../lib/types.js";
import { seedInstances } from "../lib/seed.js";

const DURAFLOWS = "duraflows (enqueueEvent + worker)";
const DBOS_NAME = "DBOS (queue + 1-step workflow)";
const PGBOSS = "pg-boss (send + work)";

/** Jobs each producer enqueues in one timed run. */
const JOBS_PER_PRODUCER = 50;

/**
 * One system under test: `round(producers, jobs)` enqueues `jobs` units of work from `producers` concurrent
 * producers while the system's own workers execute them, and resolves when every unit has been executed.
 */
interface DurableContender {
  name: string;
  round(producers: number, jobs: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A wake-up for idle pollers: producers call `wake()` after each enqueue. A poller reads `rung` before its pass
 * and passes it to `wait`, so a wake-up that came during the pass is not lost (as `startWorker` runs one more
 * pass when woken during one).
 */
class Doorbell {
  /** How many times the bell has rung. */
  rung = 0;
  private waiters: Array<() => void> = [];
  wake(): void {
    this.rung++;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
  /** Resolves at once if the bell rang since `seen`, else on the next `wake()` or after `ms`. */
  wait(seen: number, ms: number): Promise<void> {
    if (this.rung !== seen) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

/** Splits `jobs` over `producers` loops that each run `produce(index)` for their share, back to back. */
async function produce(
  producers: number,
  jobs: number,
  one: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: producers }, async () => {
      while (next < jobs) await one(next++);
    }),
  );
}

/*
 * duraflows: each job is `enqueueEvent` of the one-command `go` on its own instance; as many workers as
 * producers call `processPendingExecutions` in a loop and, when a pass finds nothing, wait for a producer's
 * doorbell (or 5 ms) unless it rang during the pass.
 */
async function duraflowsContender(ctx: BenchContext, maxProducers: number): Promise<DurableContender> {
  const bench: BenchRuntime = await createBenchRuntime("pg-durable", ctx.db, maxProducers * 2 + 1);
  const runtime = bench.runtime;
  let round = 0;
  return {
    name: DURAFLOWS,
    round: async (producers, jobs) => {
      const uuids = await seedInstances(ctx.db, toggleWithCommandWorkflow.name, jobs);
      const tag = round++;
      const bell = new Doorbell();
      let completed = 0;
      let producing = true;
      const worker = async (): Promise<void> => {
        while (completed < jobs) {
          const seen = bell.rung;
          const pass = await runtime.processPendingExecutions({ limit: 10 });
          completed += pass.completed.length;
          if (pass.failed.length > 0) throw new Error(`duraflows worker: ${pass.failed[0]!.error}`);
          if (pass.processed === 0) await bell.wait(seen, producing ? 5 : 1);
        }
      };
      const workers = Array.from({ length: producers }, worker);
      await produce(producers, jobs, async (index) => {
        await runtime.enqueueEvent({
          workflowInstanceUuid: uuids[index]!,
          eventName: "go",
          idempotencyKey: `bench-${tag}-${index}`,
        });
        bell.wake();
      });
      producing = false;
      await Promise.all(workers);
    },
    close: () => bench.close(),
  };
}

/** pg-boss 10 in schema `pgboss_durable`: `send`, then `work` handlers complete the jobs. */
async function pgBossContender(db: BenchDatabase, maxProducers: number): Promise<DurableContender> {
  const PgBoss = (await import("pg-boss")).default;
  const boss = new PgBoss({
    connectionString: db.url,
    schema: "pgboss_durable",
    max: maxProducers * 2 + 1,
    supervise: false,
    schedule: false,
  });
  boss.on("error", (error: unknown) => console.warn(`pg-boss: ${String(error)}`));
  await boss.start();
  let queueNumber = 0;
  return {
    name: PGBOSS,
    round: async (producers, jobs) => {
      // A fresh queue per round, so the workers of a finished round never see the next round's jobs.
      const queue = `durable-${queueNumber++}`;
      await boss.createQueue(queue);
      let handled = 0;
      const workerIds: string[] = [];
      for (let i = 0; i < producers; i++) {
        workerIds.push(
          await boss.work(queue, { batchSize: 10, pollingIntervalSeconds: 0.5 }, async (batch) => {
            handled += batch.length;
          }),
        );
      }
      try {
        await produce(producers, jobs, async (index) => {
          await boss.send(queue, { index });
          // Wake a worker now rather than at its next poll (pg-boss's own way to cut the polling delay).
          boss.notifyWorker(workerIds[index % workerIds.length]!);
        });
        // Executed = handled and completed (pg-boss completes a batch after its handler resolves).
        while (handled < jobs || (await boss.getQueueSize(queue, { before: "completed" })) > 0) {
          for (const id of workerIds) boss.notifyWorker(id);
          await sleep(2);
        }
      } finally {
        await boss.offWork(queue);
      }
    },
    close: () => boss.stop({ graceful: false, wait: true }),
  };
}

/*
 * DBOS: `DBOS.startWorkflow(oneStep, { queueName })` puts the one-step workflow on a queue whose dispatcher
 * polls every 10 ms with as many concurrent executions as producers; a round ends when every handle's result
 * is in. DBOS keeps its system database next to the bench database; it is dropped with it.
 */
async function dbosContender(ctx: BenchContext, maxProducers: number): Promise<DurableContender> {
  const { DBOS } = await import("@dbos-inc/dbos-sdk");
  const systemDatabase = `${ctx.db.name}_dbos_sys`;
  ctx.registerSibling(systemDatabase);
  DBOS.setConfig({
    name: "duraflows-bench-durable",
    systemDatabaseUrl: ctx.db.siblingUrl(systemDatabase),
    systemDatabasePoolSize: maxProducers * 2 + 2,
    logLevel: "error",
  });
  const step = async (): Promise<{ ok: boolean }> => ({ ok: true });
  const oneStep = DBOS.registerWorkflow(
    async (input: number): Promise<number> => {
      await DBOS.runStep(step, { name: "noop" });
      return input;
    },
    { name: "oneStep" },
  );
  await DBOS.launch();
  const queues = new Map<number, string>();
  return {
    name: DBOS_NAME,
    round: async (producers, jobs) => {
      let queueName = queues.get(producers);
      if (!queueName) {
        queueName = `durable-${producers}`;
        await DBOS.registerQueue(queueName, { workerConcurrency: producers, minPollingIntervalMs: 10 });
        queues.set(producers, queueName);
      }
      const name = queueName;
      const handles: Array<Promise<unknown>> = [];
      await produce(producers, jobs, async (index) => {
        const handle = await DBOS.startWorkflow(oneStep, { queueName: name })(index);
        handles.push(handle.getResult());
      });
      await Promise.all(handles);
    },
    close: () => DBOS.shutdown(),
  };
}

/** A round that has not finished after this long fails the scenario instead of hanging the run. */
const ROUND_DEADLINE_MS = 120_000;

async function withDeadline(name: string, round: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${name}: a round did not finish within ${ROUND_DEADLINE_MS} ms`)),
      ROUND_DEADLINE_MS,
    );
  });
  try {
    await Promise.race([round, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** Durable executions: enqueue one-command work and have a worker execute it, duraflows vs DBOS vs pg-boss. */
export const durableScenario: Scenario = {
  name: "durable",
  title: "Durable executions: enqueue and execute",
  method:
    `P concurrent producers enqueue ${JOBS_PER_PRODUCER} × P units of work back to back while P workers of the ` +
    "same system execute them; a run is timed from the first enqueue until the last unit is executed. duraflows: " +
    "`enqueueEvent` of a one-command (no-op) event on its own instance, workers calling " +
    "`processPendingExecutions({ limit: 10 })`; DBOS: `DBOS.startWorkflow` of a one-step workflow on a queue " +
    "(worker concurrency P, 10 ms polling), results awaited; pg-boss 10: `send`, P `work` handlers (batch 10), " +
    "woken with `notifyWorker` after each send. Idle workers of duraflows wait for a producer's wake-up or 5 ms. " +
    "Ratio = duraflows units/s ÷ the peer's units/s in the same run (runs interleaved in rotating order).",
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const levels = ctx.quick ? [1] : [1, 8];
    const runs = ctx.quick ? 1 : Math.min(ctx.runs, 5);
    const perProducer = ctx.quick ? 10 : JOBS_PER_PRODUCER;
    const maxProducers = Math.max(...levels);
    const notes: string[] = [];
    const contenders: DurableContender[] = [await duraflowsContender(ctx, maxProducers)];
    for (const open of [
      () => dbosContender(ctx, maxProducers),
      () => pgBossContender(ctx.db, maxProducers),
    ]) {
      try {
        contenders.push(await open());
      } catch (error) {
        notes.push(`a peer could not start: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const rows: Cell[][] = [];
    const targets: TargetCheck[] = [];
    try {
      for (const producers of levels) {
        const jobs = producers * perProducer;
        ctx.log(`durable: ${producers} producer(s), ${jobs} units per run`);
        // One untimed warm-up round each (connections, JIT, queue creation).
        for (const c of contenders) await c.round(producers, Math.min(jobs, 20));
        const samples = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
        for (let run = 0; run < runs; run++) {
          for (let k = 0; k < contenders.length; k++) {
            const c = contenders[(run + k) % contenders.length]!;
            const t0 = performance.now();
            await withDeadline(c.name, c.round(producers, jobs));
            samples.get(c.name)!.push(jobs / ((performance.now() - t0) / 1000));
          }
        }
        const rate = (name: string): number | undefined => {
          const list = samples.get(name);
          return list && list.length > 0 ? median(list) : undefined;
        };
        const d = rate(DURAFLOWS);
        for (const name of [DURAFLOWS, DBOS_NAME, PGBOSS]) {
          const r = rate(name);
          const vs = name === DURAFLOWS ? null : ratio(d, r);
          rows.push([
            String(producers),
            name,
            r ?? null,
            name === DURAFLOWS ? "—" : vs === null ? null : `${vs.toFixed(2)}×`,
          ]);
        }
        for (const peer of [DBOS_NAME, PGBOSS]) {
          const measured = ratio(d, rate(peer));
          targets.push({
            name: `durable enqueue + execute vs ${peer}, ${producers} producer${producers === 1 ? "" : "s"}`,
            threshold: 3,
            measured,
            met: measured !== null && measured >= 3,
          });
        }
      }
    } finally {
      await Promise.allSettled(contenders.map((c) => c.close()));
    }
    return {
      tables: [
        {
          title: `Units of work enqueued and executed per second (median of ${runs} runs)`,
          columns: ["producers", "system", "units/s", "duraflows ÷ this"],
          rows,
        },
      ],
      targets,
      notes: [
        ...notes,
        "duraflows workers use the batch claim (`claimDue`: one statement leases up to `limit` due executions " +
          "with FOR UPDATE SKIP LOCKED), so concurrent workers take disjoint batches. Idle workers are woken by " +
          "an in-process doorbell rung after each enqueue (what `startWorker`'s `wake` does through LISTEN/NOTIFY, " +
          "without the notification's round trip); the 5 ms fallback only runs while nothing was enqueued, so " +
          "the figures are not bound by a polling interval.",
        "Per unit of work duraflows sends 2 round trips to accept the event (with `optimisticTransitions: true`: " +
          "an unlocked read of the instance, then one autocommitted statement that locks it, checks its version, " +
          "the key and the busy rule and inserts) and 4 to " +
          "execute it, plus its share of the batch claim (the owned checkpoint transaction: one statement " +
          "locking the instance and re-reading the execution, one statement writing the instance, its history " +
          "row and the completed execution, commit); pg-boss sends about one per job plus one per fetched and one per completed batch " +
          "(both counted by wrapping the pool's query method).",
      ],
    };
  },
};
