import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "./cli-error.js";

type OptionSpec = NonNullable<ParseArgsConfig["options"]>;

/** Options every command accepts. */
const COMMON_OPTIONS = {
  "database-url": { type: "string" },
  json: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const satisfies OptionSpec;

/** Parses `argv` strictly; an unknown option or a missing value becomes a {@link UsageError}. */
export function parse<T extends OptionSpec>(argv: string[], options: T) {
  try {
    return parseArgs({
      args: argv,
      options: { ...COMMON_OPTIONS, ...options },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.split("\n")[0]! : String(error));
  }
}

/** Reads a non-negative integer option; `undefined` when absent. */
export function intOption(name: string, value: string | undefined, min = 0): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(
      `--${name} must be an integer${min > 0 ? ` of at least ${min}` : ""}, got "${value}"`,
    );
  }
  return Number(value);
}

/** Reads `key=value` pairs (repeatable option) into an object. */
export function keyValues(name: string, values: string[] | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const pair of values ?? []) {
    const at = pair.indexOf("=");
    if (at <= 0) throw new UsageError(`--${name} expects key=value, got "${pair}"`);
    result[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return result;
}

/** Parses a JSON option value. */
export function jsonOption(name: string, value: string | undefined): unknown {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch (error) {
    throw new UsageError(`--${name} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Exactly `count` positionals, or a usage error naming them. */
export function positionals(values: string[], names: string[]): string[] {
  if (values.length !== names.length) {
    throw new UsageError(
      values.length < names.length
        ? `missing ${names
            .slice(values.length)
            .map((n) => `<${n}>`)
            .join(" ")}`
        : `unexpected argument "${values[names.length]}"`,
    );
  }
  return values;
}
