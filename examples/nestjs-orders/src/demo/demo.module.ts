import { Module } from "@nestjs/common";
import { AdjustableClock } from "./adjustable-clock.js";
import { DemoController } from "./demo.controller.js";

/** Demo-only helpers: a health probe and a clock the walkthrough can move. Not for production. */
@Module({
  providers: [AdjustableClock],
  controllers: [DemoController],
  exports: [AdjustableClock],
})
export class DemoModule {}
