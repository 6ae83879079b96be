import { UsageError } from "./cli-error.js";

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * Reads an instant given as an ISO date or date-time (`2026-01-31`, `2026-01-31T12:00:00Z`) or as an age
 * (`90d`, `12h`, `30m`, `2w`: that long before `now`); `undefined` when absent.
 */
export function beforeOption(name: string, value: string | undefined, now = new Date()): Date | undefined {
  if (value === undefined) return undefined;
  const age = /^(\d+)([mhdw])$/.exec(value);
  if (age) return new Date(now.getTime() - Number(age[1]) * UNITS[age[2]!]!);
  const date = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) ? new Date(value) : null;
  if (date === null || Number.isNaN(date.getTime())) {
    throw new UsageError(
      `--${name} expects an ISO date (2026-01-31, 2026-01-31T12:00:00Z) or an age (90d, 12h, 30m, 2w), got "${value}"`,
    );
  }
  return date;
}
