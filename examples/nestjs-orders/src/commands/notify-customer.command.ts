import type { WorkflowCommand as WorkflowCommandHandler } from "@duraflows/core";
import { WorkflowCommand, type CommandResult, type WorkflowExecutionContext } from "@duraflows/nestjs";

/** Tells the customer the order left the warehouse (runs in the onEnter chain of `exported`). */
@WorkflowCommand("notifyCustomer")
export class NotifyCustomerCommand implements WorkflowCommandHandler {
  execute(_subject: unknown, ctx: WorkflowExecutionContext): CommandResult {
    ctx.context["customerNotifiedAt"] = ctx.now.toISOString();
    ctx.context["lastNotification"] = `Order ${String(ctx.context["orderId"])} is on its way`;
    return { ok: true };
  }
}
