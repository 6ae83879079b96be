import { Body, Controller, Get, Inject, Post } from "@nestjs/common";
import { AdjustableClock } from "./adjustable-clock.js";

@Controller("demo")
export class DemoController {
  constructor(@Inject(AdjustableClock) private readonly clock: AdjustableClock) {}

  @Get("health")
  health(): { status: string } {
    return { status: "ok" };
  }

  /** Moves the workflow clock forward by `days` (and `minutes`). */
  @Post("clock/advance")
  advance(@Body() body: { days?: number; minutes?: number }): { now: string } {
    this.clock.advance(Number(body.days ?? 0) * 86_400_000 + Number(body.minutes ?? 0) * 60_000);
    return { now: this.clock.now().toISOString() };
  }
}
