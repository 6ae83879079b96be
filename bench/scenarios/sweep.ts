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
      }
    } finally {
      await Promise.allSettled(contenders.map((c) => c.close()));
    }
    const columns = ["batch", "sweepers", names[0] ?? "baseline"];
    for (const name of names.slice(1)) columns.push(name, "ratio");
    return {
      tables: [
        {
          title: `Instances swept per second (N = ${count}, median of ${runs} runs)`,
          columns,
          rows,
        },
      ],
      targets,
      notes: [],
    };
  },
};

function formatRatioCell(value: number | null): Cell {
  return value === null ? null : `${value.toFixed(2)}×`;
}
