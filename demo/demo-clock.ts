import type { WorkflowClock } from "@duraflows/core";

const DAY_MS = 86_400_000;

/**
 * A clock that only moves when the demo says so, to fire a 14-day timeout in a second. It mirrors the
 * `SimulatedClock` of `@duraflows/core/testing`; the demo keeps its own because that entry point also carries the
 * conformance kits, which load vitest and cannot be imported by a plain Node program.
 */
export class DemoClock implements WorkflowClock {
  private current: number;

  constructor(start: Date) {
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(date: Date): void {
    this.current = date.getTime();
  }

  advanceDays(days: number): void {
    this.current += days * DAY_MS;
  }

  advanceMinutes(minutes: number): void {
    this.current += minutes * 60_000;
  }
}
