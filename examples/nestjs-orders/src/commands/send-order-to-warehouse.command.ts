import type { WorkflowCommand as WorkflowCommandHandler } from "@duraflows/core";
import { WorkflowCommand, type CommandResult, type WorkflowExecutionContext } from "@duraflows/nestjs";

/** Hands the order to the warehouse; orders whose context says `warehouseDown` are refused (failure path). */
@WorkflowCommand("sendOrderToWarehouse")
export class SendOrderToWarehouseCommand implements WorkflowCommandHandler {
  execute(_subject: unknown, ctx: WorkflowExecutionContext): CommandResult {
    if (ctx.context["warehouseDown"] === true) {
      return { ok: false, code: "WAREHOUSE_UNAVAILABLE", message: "The warehouse did not accept the order" };
    }
    ctx.context["warehouseTicket"] = `WH-${String(ctx.context["orderId"] ?? "?")}`;
    return { ok: true };
  }
}
