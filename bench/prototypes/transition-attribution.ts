// Phase-2 experiment of issue #10: which part of the merged-writes prototype buys what. Interleaves the
// hand-written baseline (plain, and with prepared statements), @duraflows/pg, and @duraflows/pg with named
// statements only, the merged UPDATE+INSERT only, and both, at 1 and 8 callers, on a fresh database:
//   TSX_TSCONFIG_PATH=bench/tsconfig.json node --import tsx bench/prototypes/transition-attribution.ts [runs] [ms]
import { toggleWorkflow } from "../fixtures/workflows.js";
import { withBenchDatabase } from "../lib/bench-database.js";
import { baselineContender, duraflowsContender, instanceSets } from "../lib/contenders.js";
import { createBenchRuntime, type Backend } from "../lib/duraflows.js";
import { formatRatio } from "../lib/format.js";
import { compareInterleaved, type Contender } from "../lib/load.js";
import { ratio } from "../lib/stats.js";

const runs = Number(process.argv[2] ?? 7);
const durationMs = Number(process.argv[3] ?? 2000);
const { generateMigrationSql } = await import("@duraflows/pg");
const backends = (process.env["BENCH_BACKENDS"] ?? "pg,pg-named,pg-merged,pg-prototype").split(
  ",",
) as Backend[];
await withBenchDatabase(
  generateMigrationSql({ includeIdempotency: true, includeDurableExecution: true }).up,
  async (db) => {
    const runtimes = await Promise.all(backends.map((b) => createBenchRuntime(b, db, 8)));
    const pool = db.pool(8);
    for (const callers of [1, 8]) {
      await db.truncateInstances();
      const contenders: Contender[] = [
        baselineContender(
          "baseline",
          pool,
          await instanceSets(runtimes[0].runtime, toggleWorkflow.name, callers, 10),
        ),
        baselineContender(
          "baseline-named",
          pool,
          await instanceSets(runtimes[0].runtime, toggleWorkflow.name, callers, 10),
          true,
        ),
      ];
      for (const [i, backend] of backends.entries()) {
        const sets = await instanceSets(runtimes[i].runtime, toggleWorkflow.name, callers, 10);
        contenders.push(duraflowsContender(backend, runtimes[i].runtime, sets));
      }
      const medians = await compareInterleaved(contenders, runs, durationMs, 1000);
      const base = medians.get("baseline")!.opsPerSecond;
      for (const [name, m] of medians) {
        console.log(
          `${callers} caller(s)  ${name.padEnd(13)} ${Math.round(m.opsPerSecond).toString().padStart(6)}/s  ${formatRatio(ratio(m.opsPerSecond, base))}  p50 ${m.p50Ms.toFixed(2)} ms`,
        );
      }
    }
    await Promise.all(runtimes.map((r) => r.close()));
  },
);
