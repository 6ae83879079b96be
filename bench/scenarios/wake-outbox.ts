import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import type { WorkflowObserver } from "@duraflows/core";
import { toggleWithCommandWorkflow, toggleWorkflow } from "../fixtures/workflows.js";
import { runClosedLoop } from "../lib/load.js";
import { median, percentile, ratio } from "../lib/stats.js";
import type { BenchContext, Cell, Scenario, ScenarioResult, TargetCheck } from "../lib/types.js";
import { createWakeRuntime, type WakeBackend, type WakeRuntimeOptions } from "../lib/wake-runtime.js";
import { seedInstances } from "../lib/seed.js";

/**
 * `startWorker`'s default `intervalMs`. The workers below never set `intervalMs`, so they poll at the
 * default; this constant only labels the table and sets the target (LISTEN/NOTIFY p50 below a tenth of it).
 */
const DEFAULT_INTERVAL_MS = 1_000;

/** An execution that has not started this long after its enqueue fails the scenario instead of hanging it. */
const START_DEADLINE_MS = 15_000;

/** Instances the transition loops spread over (the relay takes one pending row per instance and observer). */
const TOGGLE_INSTANCES = 1_000;

function withDeadline<T>(what: string, promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

type WakeMode = "poll" | "notify";

/**
 * Enqueue-to-start latencies (ms) of `samples` durable events, one at a time: after a random pause of up to one
 * polling interval (so enqueues land at every phase of the worker's timer), `enqueueEvent` of the one-command
 * `go`, timed from the call until the command's `execute` begins in a `startWorker` worker of the same process.
 * `notify`: providers with `notify: true` and the worker woken by the adapter's LISTEN source; `poll`: neither.
 */
async function enqueueToStart(
  ctx: BenchContext,
  backend: WakeBackend,
  mode: WakeMode,
  samples: number,
): Promise<{ latencies: number[]; enqueueCalls: number[] }> {
  const { startWorker } = await import("@duraflows/core");
  const waiting = new Map<number, (at: number) => void>();
  const bench = await createWakeRuntime(backend, ctx.db, 4, {
    notify: mode === "notify",
    command: ({ triggerMetadata }) => waiting.get(Number(triggerMetadata["sample"]))?.(performance.now()),
  });
  const wake = mode === "notify" ? bench.wakeSource() : undefined;
  const worker = startWorker(bench.runtime, { executions: true, ...(wake ? { wake } : {}) });
  const latencies: number[] = [];
  const enqueueCalls: number[] = [];
  try {
    if (wake) await withDeadline("LISTEN", wake.ready(), START_DEADLINE_MS);
    const uuids = await seedInstances(ctx.db, toggleWithCommandWorkflow.name, samples);
    for (let i = 0; i < samples; i++) {
      await sleep(Math.random() * DEFAULT_INTERVAL_MS);
      const started = new Promise<number>((resolve) => waiting.set(i, resolve));
      const t0 = performance.now();
      await bench.runtime.enqueueEvent({
        workflowInstanceUuid: uuids[i]!,
        eventName: "go",
        idempotencyKey: `wake-${mode}-${i}`,
        triggerMetadata: { sample: i },
      });
      enqueueCalls.push(performance.now() - t0);
      const at = await withDeadline(
        `${backend}/${mode}: start of execution ${i}`,
        started,
        START_DEADLINE_MS,
      );
      latencies.push(at - t0);
      waiting.delete(i);
    }
  } finally {
    await worker.stop();
    await wake?.close();
    await bench.close();
  }
  return { latencies, enqueueCalls };
}

const OBSERVER = "bench-observer";

/** The transition variants measured side by side: what each adds to a `triggerEvent`. */
const VARIANTS: ReadonlyArray<{ name: string; options: WakeRuntimeOptions }> = [
  { name: "none (no observer)", options: {} },
  {
    name: '"after-commit"',
    options: { observers: [{ name: OBSERVER, delivery: "after-commit", onEnter: () => {} }] },
  },
  {
    name: '"outbox" (row written in the transaction; relay not running)',
    options: {
      outbox: true,
      observers: [{ name: OBSERVER, delivery: "outbox", onEnter: () => {} } satisfies WorkflowObserver],
    },
  },
  {
    name: '"outbox", wake-up sent after the commit (prototype)',
    options: {
      outbox: true,
      notifyAfterCommit: true,
      observers: [{ name: OBSERVER, delivery: "outbox", onEnter: () => {} } satisfies WorkflowObserver],
    },
  },
];

interface ThroughputResult {
  /** Median transitions/s per variant name, per caller count. */
  rates: Map<number, Map<string, number>>;
  outboxRows: number;
  relay: { rows: number; seconds: number };
}

/**
 * Transitions/s of `triggerEvent` on the command-less toggle (closed loop, interleaved runs in rotating order)
 * for each variant, then the time the relay (`relayOutbox`, batches of 100) takes to deliver every outbox row
 * the outbox variant wrote, measured on its own.
 */
async function transitionThroughput(
  ctx: BenchContext,
  levels: number[],
  runs: number,
): Promise<ThroughputResult> {
  const maxCallers = Math.max(...levels);
  const runtimes = await Promise.all(
    VARIANTS.map(async (variant) => ({
      name: variant.name,
      bench: await createWakeRuntime("pg", ctx.db, maxCallers, variant.options),
    })),
  );
  const rates = new Map<number, Map<string, number>>();
  let relay = { rows: 0, seconds: 0 };
  let outboxRows = 0;
  try {
    const uuids = await seedInstances(ctx.db, toggleWorkflow.name, TOGGLE_INSTANCES);
    for (const callers of levels) {
      ctx.log(`wake-outbox: transitions, ${callers} caller(s)`);
      // Caller c takes instances c, c + callers, …: no two callers ever wait on the same row lock.
      const op = (runtime: (typeof runtimes)[number]) => (caller: number, i: number) =>
        runtime.bench.runtime.triggerEvent({
          workflowInstanceUuid: uuids[(i * callers + caller) % uuids.length]!,
          eventName: "go",
        });
      for (const r of runtimes) await runClosedLoop(callers, ctx.warmupMs, op(r));
      const samples = new Map<string, number[]>(runtimes.map((r) => [r.name, []]));
      for (let run = 0; run < runs; run++) {
        for (let k = 0; k < runtimes.length; k++) {
          const r = runtimes[(run + k) % runtimes.length]!;
          samples.get(r.name)!.push((await runClosedLoop(callers, ctx.durationMs, op(r))).opsPerSecond);
        }
      }
      rates.set(callers, new Map([...samples].map(([name, list]) => [name, median(list)])));
    }
    outboxRows = Number(
      (await ctx.db.exec("SELECT count(*)::int AS n FROM workflow_outbox WHERE status = 'pending'")).rows[0]
        ?.n ?? 0,
    );
    ctx.log(`wake-outbox: relaying ${outboxRows.toLocaleString("en-US")} outbox rows`);
    const outbox = runtimes[2]!.bench.runtime;
    const t0 = performance.now();
    let delivered = 0;
    for (;;) {
      const pass = await outbox.relayOutbox({ limit: 100 });
      delivered += pass.delivered;
      if (pass.claimed === 0) break;
    }
    relay = { rows: delivered, seconds: (performance.now() - t0) / 1000 };
  } finally {
    await Promise.allSettled(runtimes.map((r) => r.bench.close()));
  }
  return { rates, outboxRows, relay };
}

function ms(value: number): string {
  return value.toFixed(value < 10 ? 2 : 0);
}

/** Enqueue-to-start latency with polling against LISTEN/NOTIFY, and the throughput cost of outbox delivery. */
export const wakeOutboxScenario: Scenario = {
  name: "wake-outbox",
  title: "Wake-ups (LISTEN/NOTIFY) and the transactional outbox",
  method:
    "Enqueue-to-start latency: one `startWorker({ executions: true })` worker at the default interval " +
    `(${DEFAULT_INTERVAL_MS} ms), either polling only, or with providers built with \`notify: true\` and the ` +
    "adapter's LISTEN source as `wake` (`createPgWakeSource` / `createKyselyWakeSource`). One durable event at a " +
    "time, each after a random pause of up to one interval so enqueues land at every phase of the worker's " +
    "timer; latency runs from the `enqueueEvent` call until the command's `execute` begins in the worker (same " +
    "process). Outbox cost: `triggerEvent` transitions/s on the command-less toggle over 1,000 instances " +
    "(closed loop, runs interleaved in rotating order) with no observer, one no-op observer delivered " +
    '`"after-commit"`, and the same observer with `delivery: "outbox"` (its row and `pg_notify` written in the ' +
    "transition's transaction), and the prototype of bench/prototypes/outbox-notify-after-commit.ts (the same " +
    "row, its wake-up sent after the commit, coalesced). No relay runs while transitions are timed; the relay is timed afterwards on its " +
    "own, draining every row written (`relayOutbox({ limit: 100 })` until nothing is claimed).",
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const samples = ctx.quick ? 4 : 30;
    const backends: WakeBackend[] = ["pg", "kysely"];
    const latencyRows: Cell[][] = [];
    const targets: TargetCheck[] = [];
    for (const backend of backends) {
      const p50 = new Map<WakeMode, number>();
      for (const mode of ["poll", "notify"] as const) {
        ctx.log(`wake-outbox: ${backend}, ${mode}, ${samples} enqueues`);
        const { latencies, enqueueCalls } = await enqueueToStart(ctx, backend, mode, samples);
        p50.set(mode, percentile(latencies, 50));
        latencyRows.push([
          backend === "pg" ? "@duraflows/pg" : "@duraflows/kysely",
          mode === "poll" ? `polling every ${DEFAULT_INTERVAL_MS} ms` : "LISTEN/NOTIFY wake-up (+ polling)",
          ms(percentile(latencies, 50)),
          ms(percentile(latencies, 99)),
          ms(Math.max(...latencies)),
          ms(percentile(enqueueCalls, 50)),
        ]);
      }
      const notifyP50 = p50.get("notify")!;
      const measured = ratio(DEFAULT_INTERVAL_MS, notifyP50);
      targets.push({
        name: `wake-outbox: polling interval ÷ LISTEN/NOTIFY enqueue-to-start p50, ${backend} (≥ 10× is p50 < interval / 10)`,
        threshold: 10,
        measured,
        met: measured !== null && measured >= 10,
      });
      const speedup = ratio(p50.get("poll"), notifyP50);
      latencyRows.push([
        "",
        "polling p50 ÷ LISTEN/NOTIFY p50",
        speedup === null ? null : `${speedup.toFixed(0)}×`,
        "",
        "",
        "",
      ]);
    }
    const levels = ctx.quick ? [1] : [1, 8];
    const runs = ctx.quick ? 1 : Math.min(ctx.runs, 10);
    const throughput = await transitionThroughput(ctx, levels, runs);
    const throughputRows: Cell[][] = [];
    const afterCommit = VARIANTS[1]!.name;
    for (const callers of levels) {
      const rates = throughput.rates.get(callers)!;
      for (const variant of VARIANTS) {
        const rate = rates.get(variant.name);
        const vs = ratio(rate, rates.get(afterCommit));
        throughputRows.push([
          String(callers),
          variant.name,
          rate ?? null,
          vs === null ? null : `${vs.toFixed(2)}×`,
        ]);
      }
    }
    const relayRate = throughput.relay.seconds > 0 ? throughput.relay.rows / throughput.relay.seconds : null;
    return {
      tables: [
        {
          title: `Enqueue-to-start latency of a durable event, ${samples} enqueues per row (ms)`,
          columns: ["adapter", "worker", "p50", "p99", "max", "enqueueEvent call p50"],
          rows: latencyRows,
        },
        {
          title: `Transitions per second with an observer, by delivery (@duraflows/pg, median of ${runs} runs)`,
          columns: ["callers", "observer delivery", "transitions/s", 'this ÷ "after-commit"'],
          rows: throughputRows,
        },
        {
          title: "Relay, timed on its own after the transitions (@duraflows/pg, one relay, batches of 100)",
          columns: ["outbox rows pending", "rows delivered", "seconds", "rows/s"],
          rows: [[throughput.outboxRows, throughput.relay.rows, throughput.relay.seconds, relayRate]],
        },
      ],
      targets,
      notes: [
        'The "outbox" ÷ "after-commit" ratio is the write cost alone: one more INSERT … pg_notify in each ' +
          "transaction. Delivery is paid by the relay, in another transaction and usually another process; its " +
          "rate is in the last table.",
        "With polling only, a new execution waits for the worker's next tick: about half an interval on " +
          "average, up to a whole one. A wake-up starts a pass as soon as the enqueue commits. The last column " +
          "of the latency table is the `enqueueEvent` call alone (its transaction and commit), which the " +
          "latency includes.",
      ],
    };
  },
};
