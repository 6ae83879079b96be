import { timeoutWorkflow, toggleWorkflow } from "../fixtures/workflows.js";
import type pg from "pg";
import type { BenchDatabase } from "../lib/bench-database.js";
import { baselineContender, duraflowsContender, instanceSets } from "../lib/contenders.js";
import { createBenchRuntime, type BenchRuntime } from "../lib/duraflows.js";
import { compareInterleaved, runClosedLoop, type MedianSample } from "../lib/load.js";
import { seedHistory, seedIdle } from "../lib/seed.js";
import { median, ratio } from "../lib/stats.js";
import type { BenchContext, Cell, Scenario, ScenarioResult } from "../lib/types.js";
import { baselineSweeper, duraflowsSweeper, timedSweep, type Sweeper } from "./sweep.js";

/** What stays open across both sizes (see lib/contenders.ts on why runtimes are opened once). */
interface Open {
  bench: BenchRuntime;
  pool: pg.Pool;
  sweepers: { pg: Sweeper; baseline: Sweeper };
}

interface SizeResult {
  total: number;
  pg: MedianSample;
  baseline: MedianSample;
  sweepPg: number;
  sweepBaseline: number;
}

async function instanceCount(ctx: BenchContext): Promise<number> {
  const result = await ctx.db.exec("SELECT count(*)::int AS n FROM workflow_instances");
  return Number(result.rows[0]?.n ?? 0);
}

async function measureAtSize(
  ctx: BenchContext,
  open: Open,
  sweepCount: number,
  runs: number,
): Promise<SizeResult> {
  const total = await instanceCount(ctx);
  ctx.log(`scale: ${total.toLocaleString("en-US")} instances in the table`);
  const runtime = open.bench.runtime;
  const medians = await compareInterleaved(
    [
      baselineContender("baseline", open.pool, await instanceSets(runtime, toggleWorkflow.name, 1, 10)),
      duraflowsContender("pg", runtime, await instanceSets(runtime, toggleWorkflow.name, 1, 10)),
    ],
    runs,
    ctx.durationMs,
    ctx.warmupMs,
  );
  // Each sweep seeds its overdue rows on top of the filler and removes them again before the next one.
  const sweeps = { pg: [] as number[], baseline: [] as number[] };
  for (let run = 0; run < runs; run++) {
    sweeps.baseline.push(
      await timedSweep(ctx.db, open.sweepers.baseline, sweepCount, 100, 1, clearTimeoutRows),
    );
    sweeps.pg.push(await timedSweep(ctx.db, open.sweepers.pg, sweepCount, 100, 1, clearTimeoutRows));
  }
  return {
    total,
    pg: medians.get("pg")!,
    baseline: medians.get("baseline")!,
    sweepPg: median(sweeps.pg),
    sweepBaseline: median(sweeps.baseline),
  };
}

/** Removes the timeout workflow's rows from earlier sweeps but keeps the filler (the point of this scenario). */
async function clearTimeoutRows(db: BenchDatabase): Promise<void> {
  await db.exec(
    `DELETE FROM workflow_history h USING workflow_instances i
WHERE i.uuid = h.workflow_instance_uuid AND i.workflow_name = $1`,
    [timeoutWorkflow.name],
  );
  await db.exec("DELETE FROM workflow_instances WHERE workflow_name = $1", [timeoutWorkflow.name]);
}

async function historyLatency(
  ctx: BenchContext,
  bench: BenchRuntime,
  rows: number,
): Promise<{ small: number; big: number }> {
  const [smallUuid, bigUuid] = [
    (await bench.runtime.createInstance({ workflowName: toggleWorkflow.name })).uuid,
    (await bench.runtime.createInstance({ workflowName: toggleWorkflow.name })).uuid,
  ];
  await seedHistory(ctx.db, smallUuid, 10);
  await seedHistory(ctx.db, bigUuid, rows);
  const sample = async (uuid: string): Promise<number> => {
    await runClosedLoop(1, ctx.warmupMs, () => bench.runtime.getHistory(uuid));
    const runs: number[] = [];
    for (let run = 0; run < ctx.runs; run++) {
      runs.push((await runClosedLoop(1, ctx.durationMs, () => bench.runtime.getHistory(uuid))).p50Ms);
    }
    return median(runs);
  };
  return { small: await sample(smallUuid), big: await sample(bigUuid) };
}

/** Transition latency, sweep speed and getHistory latency on a small versus a large table. */
export const scaleScenario: Scenario = {
  name: "scale",
  title: "Scale",
  method:
    "The same measurements on a small and a large `workflow_instances` table. Filler instances (half of them " +
    "with a deadline a day away, so the timeout index is large too) are added in one INSERT … SELECT " +
    "generate_series. At each size: 1-caller transition throughput and latency (duraflows and the " +
    "hand-written baseline, interleaved) and the 1-sweeper, batch-100 sweep of freshly seeded overdue " +
    "timeouts. getHistory (default page of 50) is timed on an instance with 10 history rows and on one with " +
    "many. Ratio = large ÷ small (latency) or large ÷ small (throughput); close to 1 means size does not matter.",
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const [small, large] = ctx.quick ? [1_000, 20_000] : [10_000, 1_000_000];
    const sweepCount = ctx.quick ? 100 : 2_000;
    const historyRows = ctx.quick ? 1_000 : 10_000;
    const runs = Math.min(ctx.runs, 3);
    await ctx.db.truncateWorkflowTables();
    const open: Open = {
      bench: await createBenchRuntime("pg", ctx.db, 2), // initialize() stores the definitions
      pool: ctx.db.pool(2),
      sweepers: { pg: await duraflowsSweeper(ctx.db, 2), baseline: baselineSweeper(ctx.db, 2) },
    };
    let atSmall: SizeResult;
    let atLarge: SizeResult;
    let history: { small: number; big: number };
    try {
      await seedIdle(ctx.db, "bench-filler", "idle", small);
      atSmall = await measureAtSize(ctx, open, sweepCount, runs);
      ctx.log(`scale: seeding up to ${large.toLocaleString("en-US")} instances`);
      await seedIdle(ctx.db, "bench-filler", "idle", large - (await instanceCount(ctx)));
      await ctx.db.exec("VACUUM ANALYZE workflow_instances");
      atLarge = await measureAtSize(ctx, open, sweepCount, runs);
      ctx.log(`scale: getHistory with ${historyRows.toLocaleString("en-US")} rows`);
      history = await historyLatency(ctx, open.bench, historyRows);
    } finally {
      await open.bench.close();
      await open.pool.end();
      await open.sweepers.pg.close();
      await open.sweepers.baseline.close();
    }
    const row = (label: string, a: number, b: number): Cell[] => [label, a, b, fmt(ratio(b, a))];
    const rows: Cell[][] = [
      row("@duraflows/pg transitions/s (1 caller)", atSmall.pg.opsPerSecond, atLarge.pg.opsPerSecond),
      row("@duraflows/pg transition p50 ms", atSmall.pg.p50Ms, atLarge.pg.p50Ms),
      row("@duraflows/pg transition p99 ms", atSmall.pg.p99Ms, atLarge.pg.p99Ms),
      row(
        "hand-written transitions/s (1 caller)",
        atSmall.baseline.opsPerSecond,
        atLarge.baseline.opsPerSecond,
      ),
      row("hand-written transition p50 ms", atSmall.baseline.p50Ms, atLarge.baseline.p50Ms),
      row(`@duraflows/pg sweep instances/s (${sweepCount} due)`, atSmall.sweepPg, atLarge.sweepPg),
      row(`hand-written sweep instances/s (${sweepCount} due)`, atSmall.sweepBaseline, atLarge.sweepBaseline),
    ];
    return {
      tables: [
        {
          title: "Small versus large instance table (median of runs)",
          columns: [
            "measure",
            `${atSmall.total.toLocaleString("en-US")} instances`,
            `${atLarge.total.toLocaleString("en-US")} instances`,
            "large ÷ small",
          ],
          rows,
        },
        {
          title: "getHistory latency, default page of 50 (median p50 of runs, ms)",
          columns: ["instance", "p50 ms", "ratio vs 10 rows"],
          rows: [
            ["10 history rows", history.small, "1.00×"],
            [
              `${historyRows.toLocaleString("en-US")} history rows`,
              history.big,
              fmt(ratio(history.big, history.small)),
            ],
          ],
        },
      ],
      targets: [],
      notes: [],
    };
  },
};

function fmt(value: number | null): Cell {
  return value === null ? null : `${value.toFixed(2)}×`;
}
