import { Module } from "@nestjs/common";
import { WorkflowModule } from "@duraflows/nestjs";
import { kyselyWorkflowProviders } from "@duraflows/kysely";
import { NotifyCustomerCommand } from "./commands/notify-customer.command.js";
import { SendOrderToWarehouseCommand } from "./commands/send-order-to-warehouse.command.js";
import { openWorkflowDatabase } from "./database.js";
import { AdjustableClock } from "./demo/adjustable-clock.js";
import { DemoModule } from "./demo/demo.module.js";
import { orderWorkflow } from "./order-workflow.js";

@Module({
  imports: [
    DemoModule,
    WorkflowModule.forRootAsync({
      imports: [DemoModule],
      enableControllers: true,
      inject: [AdjustableClock],
      useFactory: async (clock: AdjustableClock) => ({
        workflows: [orderWorkflow],
        persistence: kyselyWorkflowProviders(await openWorkflowDatabase()),
        clock,
      }),
    }),
  ],
  // @WorkflowCommand classes are discovered, but they must be providers of some module.
  providers: [SendOrderToWarehouseCommand, NotifyCustomerCommand],
})
export class AppModule {}
