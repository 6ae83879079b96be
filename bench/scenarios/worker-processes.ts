import { spawn, type ChildProcess } from "node:child_process";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { timeoutWorkflow, toggleWithCommandWorkflow } from "../fixtures/workflows.js";
import { adminUrl } from "../lib/bench-database.js";
import { createBenchRuntime } from "../lib/duraflows.js";
import { seedInstances, seedOverdue } from "../lib/seed.js";
import { median, ratio } from "../lib/stats.js";
import type { BenchContext, Cell, Scenario, ScenarioResult } from "../lib/types.js";
import type { WorkerConfig, WorkerMessage } from "../worker-process.js";

const workerEntry = join(dirname(fileURLToPath(import.meta.url)), "..", "worker-process.ts");

/** A drain that has not finished after this long fails the scenario instead of hanging the run. */
const DRAIN_DEADLINE_MS = 180_000;

type Job = WorkerConfig["job"];

interface Worker {
  child: ChildProcess;
  ready: Promise<void>;
  done: Promise<{ processed: number; passes: number }>;
}

/** Starts one worker process (same Node flags, so tsx and the tsconfig paths apply) and waits for nothing yet. */
function startWorkerProcess(ctx: BenchContext, job: Job, limit: number): Worker {
  const config: WorkerConfig = { serverUrl: adminUrl(), database: ctx.db.name, job, limit };
  const child = spawn(process.execPath, [...process.execArgv, workerEntry], {
    env: { ...process.env, BENCH_WORKER: JSON.stringify(config) },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const done = new Promise<{ processed: number; passes: number }>((resolve, reject) => {
    let result: { processed: number; passes: number } | undefined;
    child.on("message", (message: WorkerMessage) => {
      if (message.type === "ready") markReady();
      else result = { processed: message.processed, passes: message.passes };
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      result ? resolve(result) : reject(new Error(`a ${job} worker process exited with code ${code}`)),
    );
  });
  // A process that dies before it is ready must not leave the scenario waiting for it.
  return { child, ready: Promise.race([ready, done.then(() => undefined)]), done };
}

/** Work for one drain: `units` due timeouts, or `units` durable executions enqueued through a runtime. */
async function seedWork(ctx: BenchContext, job: Job, units: number): Promise<void> {
  await ctx.db.truncateInstances();
  if (job === "timeouts") {
    await seedOverdue(ctx.db, timeoutWorkflow.name, "waiting", units);
  } else {
    const bench = await createBenchRuntime("pg-durable", ctx.db, 8);
    try {
      const uuids = await seedInstances(ctx.db, toggleWithCommandWorkflow.name, units);
      let next = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (next < uuids.length) {
            const index = next++;
            await bench.runtime.enqueueEvent({
              workflowInstanceUuid: uuids[index]!,
              eventName: "go",
              idempotencyKey: `drain-${index}`,
            });
          }
        }),
      );
    } finally {
      await bench.close();
    }
  }
  await ctx.db.exec("VACUUM ANALYZE workflow_instances, workflow_executions");
}

/**
 * One timed drain: `processes` worker processes are started and opened (untimed), then told to go at once;
 * timed until the last one has found nothing left. Returns units/s.
 */
async function drain(
  ctx: BenchContext,
  job: Job,
  processes: number,
  units: number,
  limit: number,
): Promise<number> {
  await seedWork(ctx, job, units);
  const workers = Array.from({ length: processes }, () => startWorkerProcess(ctx, job, limit));
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.all(workers.map((w) => w.ready));
    const t0 = performance.now();
    for (const w of workers) w.child.send("go");
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${job}: a drain took longer than ${DRAIN_DEADLINE_MS} ms`)),
        DRAIN_DEADLINE_MS,
      );
    });
    const results = await Promise.race([Promise.all(workers.map((w) => w.done)), expired]);
    const seconds = (performance.now() - t0) / 1000;
    const processed = results.reduce((sum, r) => sum + r.processed, 0);
    // Each unit is one claim that succeeds once: a total above the backlog would mean one ran twice.
    if (processed !== units)
      throw new Error(`${job}: ${processed} units processed for a backlog of ${units}`);
    return units / seconds;
  } finally {
    clearTimeout(timer);
    for (const w of workers) if (w.child.exitCode === null) w.child.kill("SIGTERM");
  }
}

/** Throughput of 1, 2 and 4 worker processes draining the same backlog of timeouts or durable executions. */
export const workerProcessesScenario: Scenario = {
  name: "worker-processes",
  title: "Worker processes sharing one database",
  method:
    "A backlog of work is seeded, then N worker processes (N = 1, 2, 4; separate Node.js processes, each with " +
    "its own runtime and a pool of 2 on @duraflows/pg) are started, opened, and released together; a drain is " +
    "timed from the release until every process has found nothing left. Timeouts: instances overdue on a " +
    "command-less timeout, each process calling `processExpiredWorkflows({ limit: 100 })` in a loop. Durable " +
    "executions: one-command events queued with `enqueueEvent`, each process calling " +
    "`processPendingExecutions({ limit: 10 })` in a loop. Units/s = backlog ÷ drain time, median of the runs; " +
    "the ratio is against one process in the same run.",
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const levels = [1, 2, 4];
    const runs = ctx.quick ? 1 : 2;
    const jobs: Array<{ job: Job; label: string; units: number; limit: number }> = [
      { job: "timeouts", label: "due timeouts", units: ctx.quick ? 500 : 20_000, limit: 100 },
      { job: "executions", label: "durable executions", units: ctx.quick ? 200 : 1_000, limit: 10 },
    ];
    const rows: Cell[][] = [];
    const notes: string[] = [];
    for (const { job, label, units, limit } of jobs) {
      const samples = new Map<number, number[]>(levels.map((n) => [n, []]));
      for (let run = 0; run < runs; run++) {
        // Rotating order, so a drift in machine load does not favour one process count.
        for (let k = 0; k < levels.length; k++) {
          const processes = levels[(run + k) % levels.length]!;
          ctx.log(`worker-processes: ${label}, ${processes} process(es), run ${run + 1}/${runs}`);
          samples.get(processes)!.push(await drain(ctx, job, processes, units, limit));
        }
      }
      const one = median(samples.get(1)!);
      for (const processes of levels) {
        const rate = median(samples.get(processes)!);
        const vs = ratio(rate, one);
        rows.push([label, units, String(processes), rate, vs === null ? null : `${vs.toFixed(2)}×`]);
      }
    }
    await ctx.db.truncateInstances();
    notes.push(
      "Every process claims with FOR UPDATE SKIP LOCKED, so processes never wait for each other's rows. On a " +
        "2-core machine the database and every process share the same two CPUs, so more processes cannot add " +
        "throughput here: the ratios show what sharing the work costs (more connections, claims lost to " +
        "another process), not how far processes scale on a larger server.",
    );
    return {
      tables: [
        {
          title: `Backlog drained by N worker processes (median of ${runs} runs)`,
          columns: ["work", "backlog", "processes", "units/s", "÷ 1 process"],
          rows,
        },
      ],
      targets: [],
      notes,
    };
  },
};
