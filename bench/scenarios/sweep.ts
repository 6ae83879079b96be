import type pg from "pg";
import { handWrittenSweepBatch } from "../baselines/hand-written.js";
import { timeoutWorkflow } from "../fixtures/workflows.js";
import type { BenchDatabase } from "../lib/bench-database.js";
import { createBenchRuntime } from "../lib/duraflows.js";
import { timeIt } from "../lib/load.js";
import { countHistory, countInState, seedOverdue } from "../lib/seed.js";
import { median, ratio } from "../lib/stats.js";
import type { BenchContext, Cell, Scenario, ScenarioResult, TargetCheck } from "../lib/types.js";

/** Something that sweeps overdue timeouts one batch at a time. */
export interface Sweeper {
  name: string;
  /** Sweeps one batch; returns how many rows it handled (0 = nothing due is left for this sweeper). */
  sweepOnce(batch: number): Promise<number>;
  close(): Promise<void>;
}

export async function duraflowsSweeper(db: BenchDatabase, poolSize: number): Promise<Sweeper> {
  const bench = await createBenchRuntime("pg", db, poolSize);
  return {
    name: "@duraflows/pg",
    sweepOnce: async (batch) => {
      const result = await bench.runtime.processExpiredWorkflows({ limit: batch });
      return result.processed + result.rejected + result.failed.length;
    },
    close: bench.close,
  };
}

export function baselineSweeper(db: BenchDatabase, poolSize: number): Sweeper {
  const pool: pg.Pool = db.pool(poolSize);
  return {
    name: "hand-written pg",
    sweepOnce: (batch) => handWrittenSweepBatch(pool, batch, "expire", "expired"),
    close: () => pool.end(),
  };
}

/**
 * Clears the table (`clear`), seeds `count` overdue timeouts, then runs `sweepers` concurrent loops of `sweeper.sweepOnce(batch)` until
 * each finds nothing; checks every instance moved exactly once. Returns instances per second.
 */
export async function timedSweep(
  db: BenchDatabase,
  sweeper: Sweeper,
  count: number,
  batch: number,
  sweepers: number,
  clear: (db: BenchDatabase) => Promise<void> = (d) => d.truncateInstances(),
): Promise<number> {
  await clear(db);
  await seedOverdue(db, timeoutWorkflow.name, "waiting", count);
  await db.exec("ANALYZE workflow_instances");
  const loop = async (): Promise<void> => {
    while ((await sweeper.sweepOnce(batch)) > 0);
  };
  const seconds = await timeIt(() => Promise.all(Array.from({ length: sweepers }, loop)));
  const left = await countInState(db, timeoutWorkflow.name, "waiting");
  const history = await countHistory(db, timeoutWorkflow.name);
  if (left !== 0 || history !== count) {
    throw new Error(
      `${sweeper.name}: ${left} instance(s) left and ${history} history row(s) for ${count} timeouts`,
    );
  }
  return count / seconds;
}

/** Sweep speed of command-less timeouts against one hand-written transaction per instance. */
export const sweepScenario: Scenario = {
  name: "sweep",
  title: "Timeout sweep",
  method:
    "N overdue instances (seeded in one INSERT … SELECT generate_series) sit in a state whose only event is a " +
    "command-less, guard-less timeout into a terminal state. S concurrent sweepers call " +
    "`processExpiredWorkflows({ limit: batch })` until nothing is due; the clock stops when all are done and " +
    "the run checks that every instance moved exactly once (N history rows). The baseline sweeps by hand: a " +
    "short SKIP LOCKED scan transaction, then one transaction per instance (lock, re-check, update, history). " +
    "Ratio = duraflows instances/s ÷ baseline instances/s, same case, same run (contenders in rotating order).",
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const count = ctx.quick ? 200 : 10_000;
    const runs = Math.min(ctx.runs, 3);
    // A sweep of 10,000 rows lasts well under a second, so one run against the prototype moves its ratio by
    // 10–30%: the two are also measured back to back in extra pairs, and compared by the median pair ratio.
    const pairRuns = ctx.quick ? 0 : Math.min(ctx.runs, 8);
    const cases = [
      { batch: 100, sweepers: 1 },
      { batch: 1000, sweepers: 1 },
      { batch: 100, sweepers: 4 },
      { batch: 1000, sweepers: 4 },
    ];
    const rows: Cell[][] = [];
    const targets: TargetCheck[] = [];
    const builders: Array<(poolSize: number) => Promise<Sweeper>> = [
      async (poolSize) => baselineSweeper(ctx.db, poolSize),
      (poolSize) => duraflowsSweeper(ctx.db, poolSize),
    ];
    const prototype = await loadPrototype();
    if (prototype) builders.push((poolSize) => prototype(ctx.db, poolSize));
    // Opened once, sized for the most sweepers (one connection each, plus one spare).
    const contenders: Sweeper[] = [];
    for (const build of builders) contenders.push(await build(Math.max(...cases.map((c) => c.sweepers)) + 1));
    const names = contenders.map((c) => c.name);
    try {
      for (const { batch, sweepers } of cases) {
        ctx.log(`sweep: batch ${batch}, ${sweepers} sweeper(s), ${count} instances`);
        const samples = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
        for (let run = 0; run < runs; run++) {
          // Rotating order: whoever runs right after the baseline's 10,000 small transactions (WAL, autovacuum)
          // is not always the same contender.
          for (let k = 0; k < contenders.length; k++) {
            const sweeper = contenders[(run + k) % contenders.length]!;
            samples.get(sweeper.name)!.push(await timedSweep(ctx.db, sweeper, count, batch, sweepers));
          }
        }
        const pairRatios: number[] = [];
        if (prototype) {
          const [shipped, set] = [contenders[1]!, contenders[2]!];
          const pair = (run: number) => (run % 2 === 0 ? [shipped, set] : [set, shipped]);
          for (let run = 0; run < runs; run++) {
            pairRatios.push(samples.get(shipped.name)![run]! / samples.get(set.name)![run]!);
          }
          for (let run = 0; run < pairRuns; run++) {
            const measured = new Map<string, number>();
            for (const sweeper of pair(run)) {
              const perSecond = await timedSweep(ctx.db, sweeper, count, batch, sweepers);
              measured.set(sweeper.name, perSecond);
              samples.get(sweeper.name)!.push(perSecond);
            }
            pairRatios.push(measured.get(shipped.name)! / measured.get(set.name)!);
          }
        }
        const medians = contenders.map((c) => median(samples.get(c.name)!));
        const base = medians[0];
        const row: Cell[] = [String(batch), String(sweepers)];
        medians.forEach((value, i) => {
          row.push(value);
          if (i > 0) row.push(formatRatioCell(ratio(value, base)));
        });
        rows.push(row);
        const measured = ratio(medians[1], base);
        targets.push({
          name: `@duraflows/pg command-less sweep vs one transaction per instance (batch ${batch}, ${sweepers} sweeper${sweepers === 1 ? "" : "s"})`,
          threshold: 5,
          measured,
          met: measured !== null && measured >= 5,
        });
        if (prototype) {
          const vsPrototype = median(pairRatios);
          targets.push({
            name: `@duraflows/pg batch sweep vs set-based prototype (batch ${batch}, ${sweepers} sweeper${sweepers === 1 ? "" : "s"})`,
            threshold: 0.9,
            measured: vsPrototype,
            met: vsPrototype !== null && vsPrototype >= 0.9,
          });
        }
      }
    } finally {
      await Promise.allSettled(contenders.map((c) => c.close()));
    }
    const columns = ["batch", "sweepers", names[0] ?? "baseline"];
    for (const name of names.slice(1)) columns.push(name, "ratio");
    return {
      tables: [
        {
          title: prototype
            ? `Instances swept per second (N = ${count}; median of ${runs} runs, ${runs + pairRuns} for the last two)`
            : `Instances swept per second (N = ${count}, median of ${runs} runs)`,
          columns,
          rows,
        },
      ],
      targets,
      notes: prototype
        ? [
            "`prototype set-based sweep` is the phase-2 prototype in bench/prototypes/ (not part of any package).",
            `The shipped sweep and the prototype also run back to back in ${pairRuns} extra pairs per case (order ` +
              "alternating); their target ratio is the median of the per-pair ratios, which a slow minute of the " +
              "machine moves far less than a ratio of two medians.",
          ]
        : [],
    };
  },
};

function formatRatioCell(value: number | null): Cell {
  return value === null ? null : `${value.toFixed(2)}×`;
}

/* The phase-2 prototype joins the comparison when its file exists (it is optional by design). */
async function loadPrototype(): Promise<
  ((db: BenchDatabase, poolSize: number) => Promise<Sweeper>) | undefined
> {
  try {
    const module = (await import("../prototypes/set-based-sweep.js")) as {
      setBasedSweeper?: (db: BenchDatabase, poolSize: number) => Promise<Sweeper>;
    };
    return module.setBasedSweeper;
  } catch {
    return undefined;
  }
}
