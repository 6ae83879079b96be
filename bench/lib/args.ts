/**
 * Parsed command line of `pnpm bench [scenario…] [--quick] [--runs=N] [--duration=MS] [--compare FILE]
 * [--docs]`.
 */
export interface BenchArgs {
  scenarios: string[];
  quick: boolean;
  /** Only regenerate docs/benchmarks.md from bench/results/latest.json (after editing bench/analysis.md). */
  docsOnly: boolean;
  /**
   * `--update`: a full-mode run of some scenarios replaces those scenarios in bench/results/latest.json (the
   * others keep their earlier results) and regenerates docs/benchmarks.md.
   */
  update: boolean;
  runs: number | undefined;
  durationMs: number | undefined;
  /** An earlier results file (bench/results/*.json) to print the change against. */
  compare: string | undefined;
  /** With `compare`: a second results file to compare instead of running anything. */
  current: string | undefined;
  /** `--size=N`: the scale of a scenario's seeded data (history-scale: history rows). */
  size?: number;
}

const USAGE =
  "usage: pnpm bench [scenario …] [--quick] [--runs=N] [--duration=MS] [--size=N] [--compare OLD.json]\n" +
  "       pnpm bench scenario … --update (re-measure those scenarios into latest.json and the docs page)\n" +
  "       pnpm bench --compare OLD.json --current NEW.json | pnpm bench --docs";

export function parseArgs(argv: readonly string[], known: readonly string[]): BenchArgs {
  const args: BenchArgs = {
    scenarios: [],
    quick: false,
    docsOnly: false,
    update: false,
    runs: undefined,
    durationMs: undefined,
    compare: undefined,
    current: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") continue;
    const fileOption = (name: string): string | undefined => {
      if (arg.startsWith(`${name}=`)) return arg.slice(name.length + 1);
      if (arg !== name) return undefined;
      const value = argv[++i];
      if (value === undefined || value.startsWith("--")) throw new UsageError(`${name}: expected a file`);
      return value;
    };
    const compare = fileOption("--compare");
    if (compare !== undefined) {
      args.compare = compare;
      continue;
    }
    const current = fileOption("--current");
    if (current !== undefined) {
      args.current = current;
      continue;
    }
    if (arg === "--quick") args.quick = true;
    else if (arg === "--docs") args.docsOnly = true;
    else if (arg === "--update") args.update = true;
    else if (arg.startsWith("--runs=")) args.runs = positiveInteger(arg, arg.slice("--runs=".length));
    else if (arg.startsWith("--size=")) args.size = positiveInteger(arg, arg.slice("--size=".length));
    else if (arg.startsWith("--duration="))
      args.durationMs = positiveInteger(arg, arg.slice("--duration=".length));
    else if (arg === "--help" || arg === "-h")
      throw new UsageError(`${USAGE}\nscenarios: ${known.join(", ")}`);
    else if (known.includes(arg)) args.scenarios.push(arg);
    else throw new UsageError(`unknown argument "${arg}"\n${USAGE}\nscenarios: ${known.join(", ")}`);
  }
  if (args.update && (args.quick || args.scenarios.length === 0))
    throw new UsageError(`--update needs scenario names and full mode (no --quick)\n${USAGE}`);
  if (args.current !== undefined && args.compare === undefined)
    throw new UsageError(`--current needs --compare\n${USAGE}`);
  return args;
}

function positiveInteger(arg: string, text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value <= 0) throw new UsageError(`${arg}: expected a positive integer`);
  return value;
}

/** A bad command line: printed without a stack trace. */
export class UsageError extends Error {}
