import type { WorkflowClock } from "../persistence/workflow-clock.js";

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * A {@link WorkflowClock} that only moves when told to, so tests can jump days ahead and sweep timeouts.
 * Every `now()` returns a fresh `Date`.
 *
 * @example
 * ```ts
 * const clock = new SimulatedClock(new Date("2030-01-01T00:00:00Z"));
 * clock.advanceDays(14);
 * await runtime.processExpiredWorkflows();
 * ```
 */
export class SimulatedClock implements WorkflowClock {
  private current: number;

  /** Starts at `start` (default `2030-01-01T00:00:00.000Z`). */
  constructor(start: Date = new Date("2030-01-01T00:00:00.000Z")) {
    this.current = start.getTime();
  }

  /** The simulated time. */
  now(): Date {
    return new Date(this.current);
  }

  /** Jumps to `date` (backwards too). */
  set(date: Date): void {
    this.current = date.getTime();
  }

  /** Moves forward by `ms` milliseconds. */
  advance(ms: number): void {
    this.current += ms;
  }

  /** Moves forward by `n` minutes. */
  advanceMinutes(n: number): void {
    this.advance(n * MINUTE_MS);
  }

  /** Moves forward by `n` hours. */
  advanceHours(n: number): void {
    this.advance(n * HOUR_MS);
  }

  /** Moves forward by `n` days. */
  advanceDays(n: number): void {
    this.advance(n * DAY_MS);
  }
}
