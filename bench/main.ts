// `pnpm bench`: runs the benchmark scenarios against a fresh PostgreSQL database and reports medians and
// ratios against baselines measured in the same run. See docs/benchmarks.md ("How to run").
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs, UsageError } from "./lib/args.js";
import { adminUrl, withBenchDatabase } from "./lib/bench-database.js";
import { compareReports, readReport } from "./lib/compare.js";
import { formatRatio, renderConsoleTable } from "./lib/format.js";
import { readMachineFacts } from "./lib/machine-facts.js";
import { mergeReports, writeDocs, writeJson, type BenchReport } from "./lib/report.js";
import { failedReport, log } from "./lib/run-scenario.js";
import { SCENARIOS } from "./lib/scenario-registry.js";
import type { ScenarioReport } from "./lib/types.js";
import type { ChildConfig, ChildResult } from "./scenario-child.js";

const benchDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(benchDir, "..");

/** The scenario process running now, ended if the run is interrupted (and no further one starts). */
let running: ChildProcess | undefined;
let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    interrupted = true;
    running?.kill(signal);
  });
}

/** Runs one scenario in a child process (same Node flags, so tsx and the tsconfig paths apply). */
async function runInChild(config: ChildConfig): Promise<ChildResult> {
  const started = Date.now();
  if (interrupted) throw new Error("interrupted");
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, join(benchDir, "scenario-child.ts")], {
      env: { ...process.env, BENCH_CHILD: JSON.stringify(config) },
      stdio: "inherit",
    });
    running = child;
    child.on("error", reject);
    child.on("exit", (exitCode) => {
      running = undefined;
      resolve(exitCode);
    });
  });
  if (existsSync(config.out)) return JSON.parse(readFileSync(config.out, "utf8")) as ChildResult;
  const error = new Error(`the scenario process exited with code ${code} without a report`);
  return {
    report: failedReport(config.scenario, undefined, (Date.now() - started) / 1000, error),
    siblings: [],
  };
}

function printScenario(report: ScenarioReport): void {
  console.log(`\n=== ${report.title} (${report.seconds.toFixed(0)} s) ===`);
  if (report.error) console.log(`did not run: ${report.error}`);
  for (const table of report.tables) console.log(`\n${renderConsoleTable(table)}`);
  for (const note of report.notes) console.log(`- ${note}`);
  console.log("");
}

function printTargets(reports: readonly ScenarioReport[]): void {
  const targets = reports.flatMap((r) => r.targets);
  if (targets.length === 0) return;
  console.log("=== Targets ===");
  for (const t of targets) {
    const status = t.measured === null ? "not measured" : t.met ? "met" : "NOT met";
    console.log(
      `${status.padEnd(12)} ${formatRatio(t.measured).padStart(8)} (target ≥ ${t.threshold}×)  ${t.name}`,
    );
  }
}

async function main(): Promise<number> {
  const args = parseArgs(
    process.argv.slice(2),
    SCENARIOS.map(([name]) => name),
  );
  if (args.compare !== undefined && args.current !== undefined) {
    for (const line of compareReports(readReport(args.compare), readReport(args.current))) console.log(line);
    return 0;
  }
  // Read before the run, so a bad path fails in a second rather than after the run.
  const earlier = args.compare === undefined ? undefined : readReport(args.compare);
  if (args.docsOnly) {
    const latest = join(benchDir, "results", "latest.json");
    const docsPath = join(repoRoot, "docs", "benchmarks.md");
    writeDocs(
      docsPath,
      JSON.parse(readFileSync(latest, "utf8")) as BenchReport,
      join(benchDir, "analysis.md"),
    );
    log(`wrote ${docsPath} from ${latest}`);
    return 0;
  }
  const selected =
    args.scenarios.length > 0 ? SCENARIOS.filter(([name]) => args.scenarios.includes(name)) : SCENARIOS;
  const settings = args.quick
    ? { runs: args.runs ?? 1, durationMs: args.durationMs ?? 150, warmupMs: 50 }
    : { runs: args.runs ?? 20, durationMs: args.durationMs ?? 500, warmupMs: 1000 };
  const { generateMigrationSql } = await import("@duraflows/pg");
  const schema = generateMigrationSql({ includeIdempotency: true, includeDurableExecution: true }).up;
  const scratch = mkdtempSync(join(tmpdir(), "duraflows-bench-"));
  const reports: ScenarioReport[] = [];
  try {
    const report = await withBenchDatabase(schema, async (db, registerSibling) => {
      log(
        `database ${db.name} (${args.quick ? "quick" : "full"} mode, ${settings.runs} run(s) × ${settings.durationMs} ms)`,
      );
      const machine = await readMachineFacts(db);
      for (const [name] of selected) {
        await db.truncateWorkflowTables();
        const result = await runInChild({
          scenario: name,
          quick: args.quick,
          ...settings,
          ...(args.size !== undefined ? { size: args.size } : {}),
          serverUrl: adminUrl(),
          database: db.name,
          out: join(scratch, `${name}.json`),
        });
        result.siblings.forEach(registerSibling);
        reports.push({ ...result.report, measuredAt: new Date().toISOString(), loadAverage: loadavg() });
        printScenario(result.report);
      }
      const built: BenchReport = {
        generatedAt: new Date().toISOString(),
        mode: args.quick ? "quick" : "full",
        complete: selected.length === SCENARIOS.length,
        settings,
        machine,
        scenarios: reports,
      };
      return built;
    });
    printTargets(reports);
    if (earlier) for (const line of compareReports(earlier, report)) console.log(line);
    // Only a full run of every scenario replaces the committed results; smoke and partial runs go to
    // git-ignored files so they never overwrite a full run.
    const full = report.complete && report.mode === "full";
    if (args.update && !full) {
      const latest = join(benchDir, "results", "latest.json");
      const merged = mergeReports(
        JSON.parse(readFileSync(latest, "utf8")) as BenchReport,
        report,
        SCENARIOS.map(([name]) => name),
      );
      writeJson(latest, merged);
      const docsPath = join(repoRoot, "docs", "benchmarks.md");
      writeDocs(docsPath, merged, join(benchDir, "analysis.md"));
      log(`merged ${reports.map((r) => r.name).join(", ")} into ${latest} and wrote ${docsPath}`);
      return reports.some((r) => r.error) ? 1 : 0;
    }
    const jsonPath = join(
      benchDir,
      "results",
      full ? "latest.json" : args.quick ? "quick.json.tmp" : "partial.json.tmp",
    );
    writeJson(jsonPath, report);
    log(`wrote ${jsonPath}`);
    if (full) {
      const docsPath = join(repoRoot, "docs", "benchmarks.md");
      writeDocs(docsPath, report, join(benchDir, "analysis.md"));
      log(`wrote ${docsPath}`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return reports.some((r) => r.error) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof UsageError ? error.message : error);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
