// One scenario in its own Node.js process, started by bench/main.ts. A fresh process per scenario keeps
// scenarios from skewing each other: JIT state, DBOS's process-wide singleton, and above all the
// AsyncLocalStorage instances every pool leaves behind (each one taxes every later promise on Node 20; see
// docs/benchmarks.md).
import { writeFileSync } from "node:fs";
import { openBenchDatabase } from "./lib/bench-database.js";
import { log, runScenario } from "./lib/run-scenario.js";
import { SCENARIOS } from "./lib/scenario-registry.js";
import type { BenchContext, ScenarioReport } from "./lib/types.js";

/** What the parent passes in BENCH_CHILD (JSON). */
export interface ChildConfig {
  scenario: string;
  quick: boolean;
  runs: number;
  durationMs: number;
  warmupMs: number;
  size?: number;
  serverUrl: string;
  database: string;
  /** File the child writes its {@link ChildResult} to. */
  out: string;
}

/** What the child hands back. */
export interface ChildResult {
  report: ScenarioReport;
  siblings: string[];
}

async function child(): Promise<void> {
  const config = JSON.parse(process.env["BENCH_CHILD"] ?? "{}") as ChildConfig;
  const entry = SCENARIOS.find(([name]) => name === config.scenario);
  if (!entry) throw new Error(`unknown scenario ${config.scenario}`);
  const db = openBenchDatabase(config.serverUrl, config.database);
  const siblings: string[] = [];
  const ctx: BenchContext = {
    quick: config.quick,
    runs: config.runs,
    durationMs: config.durationMs,
    warmupMs: config.warmupMs,
    ...(config.size !== undefined ? { size: config.size } : {}),
    db,
    log,
    registerSibling: (name) => siblings.push(name),
  };
  try {
    const report = await runScenario(entry[0], entry[1], ctx);
    const result: ChildResult = { report, siblings };
    writeFileSync(config.out, JSON.stringify(result));
  } finally {
    await db.endPools();
  }
}

child().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
