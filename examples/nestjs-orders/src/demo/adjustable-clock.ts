import { Injectable } from "@nestjs/common";
import type { WorkflowClock } from "@duraflows/nestjs";

/** Real time plus an offset the walkthrough can move, so a 14-day timeout fires in a second. */
@Injectable()
export class AdjustableClock implements WorkflowClock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
