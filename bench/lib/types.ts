import type { BenchDatabase } from "./bench-database.js";

/** One cell of a result table. */
export type Cell = string | number | null;

/** A table printed to the console and rendered into docs/benchmarks.md. */
export interface ResultTable {
  title: string;
  columns: string[];
  rows: Cell[][];
}

/** A ratio checked against one of the issue's targets. */
export interface TargetCheck {
  /** What is compared, e.g. "@duraflows/pg vs hand-written baseline, 1 caller". */
  name: string;
  /** The ratio the issue asks for (measured must be >= threshold). */
  threshold: number;
  /** The measured ratio, or null when it could not be measured. */
  measured: number | null;
  met: boolean;
}

/** What a scenario hands back to the harness. */
export interface ScenarioResult {
  tables: ResultTable[];
  targets: TargetCheck[];
  notes: string[];
}

/** Everything a scenario gets from the harness. */
export interface BenchContext {
  quick: boolean;
  /** Measured runs per case (the median is reported). */
  runs: number;
  /** Length of one timed throughput run. */
  durationMs: number;
  /** Length of the untimed warm-up run before the first timed run of a case. */
  warmupMs: number;
  /** `--size=N`: the scale a scenario seeds (the history-scale scenario: history rows), when given. */
  size?: number;
  db: BenchDatabase;
  log(message: string): void;
  /** Registers another database on the server to drop at the end (DBOS's system database). */
  registerSibling(name: string): void;
}

/** One benchmark scenario; each lives in its own file under bench/scenarios/. */
export interface Scenario {
  /** CLI name: `pnpm bench <name>`. */
  name: string;
  title: string;
  /** One paragraph for docs/benchmarks.md: what is measured against what. */
  method: string;
  run(ctx: BenchContext): Promise<ScenarioResult>;
}

/** A scenario's outcome as stored in bench/results/*.json. */
export interface ScenarioReport extends ScenarioResult {
  name: string;
  title: string;
  method: string;
  seconds: number;
  /** When the scenario finished (set by the harness; older results lack it). */
  measuredAt?: string;
  /** The machine's load average (1, 5, 15 minutes) when the scenario finished. */
  loadAverage?: number[];
  /** Set when the scenario threw (e.g. a package under construction); its tables are then empty. */
  error?: string;
}
