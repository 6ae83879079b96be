import { Module } from "@nestjs/common";
import { WorkflowModule } from "@duraflows/nestjs";
import { pgWorkflowProviders } from "@duraflows/pg";
import type pg from "pg";
import { ChargePaymentCommand, PaymentGateway } from "./charge-payment.command.js";
import { DatabaseModule, PG_POOL } from "./database.module.js";
import { orderWorkflow } from "./order.workflow.js";

@Module({
  imports: [
    WorkflowModule.forRootAsync({
      imports: [DatabaseModule],
      inject: [PG_POOL],
      useFactory: (pool: pg.Pool) => ({
        workflows: [orderWorkflow],
        // Instances, history, definition versions and idempotency receipts, all on the application's pool.
        persistence: pgWorkflowProviders(pool, { idempotency: true, lockTimeoutMs: 5_000 }),
        // The built-in poller: fires due timeouts (the Expire event) once a minute; stops on shutdown.
        timeouts: { pollIntervalMs: 60_000 },
      }),
      // Mounts the REST routes under /workflows. Add your own authentication (e.g. a global APP_GUARD).
      enableControllers: true,
    }),
  ],
  // @WorkflowCommand classes are found by discovery, but must be listed as providers of some module.
  providers: [PaymentGateway, ChargePaymentCommand],
})
export class AppModule {}
