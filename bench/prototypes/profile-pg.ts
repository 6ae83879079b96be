// Profiling helper for phase 2 of issue #10: 8 callers fire `go` through @duraflows/pg (or the hand-written
// baseline with BENCH_PROFILE=baseline) for a few seconds on a fresh database. Run with a CPU profile:
//   TSX_TSCONFIG_PATH=bench/tsconfig.json node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/prototypes/profile-pg.ts
import { toggleWorkflow } from "../fixtures/workflows.js";
import { withBenchDatabase } from "../lib/bench-database.js";
import { baselineContender, duraflowsContender, instanceSets } from "../lib/contenders.js";
import { createBenchRuntime, type Backend } from "../lib/duraflows.js";

const { generateMigrationSql } = await import("@duraflows/pg");
const mode = process.env["BENCH_PROFILE"] ?? "pg";
await withBenchDatabase(
  generateMigrationSql({ includeIdempotency: true, includeDurableExecution: true }).up,
  async (db) => {
    const bench = await createBenchRuntime(mode === "baseline" ? "pg" : (mode as Backend), db, 8);
    const sets = await instanceSets(bench.runtime, toggleWorkflow.name, 8, 10);
    const contender =
      mode === "baseline"
        ? baselineContender(mode, db.pool(8), sets)
        : duraflowsContender(mode, bench.runtime, sets);
    await contender.run(1000);
    const sample = await contender.run(5000);
    console.log(`${mode}: ${Math.round(sample.opsPerSecond)} transitions/s`);
    await bench.close();
  },
);
