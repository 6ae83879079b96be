import type { CommandResult, WorkflowCommand, WorkflowExecutionContext } from "@duraflows/core";

/**
 * Pretends to hand the order to a warehouse. The warehouse is down when the event's subject says so
 * (`{ warehouseDown: true }`), which is how the demo shows the `export_failed` branch without any randomness;
 * a later retry without that subject goes through.
 */
export const sendOrderToWarehouse: WorkflowCommand = {
  execute(subject: unknown, ctx: WorkflowExecutionContext): CommandResult {
    if ((subject as { warehouseDown?: unknown } | undefined)?.warehouseDown === true) {
      ctx.context["exportAttempts"] = Number(ctx.context["exportAttempts"] ?? 0) + 1;
      return { ok: false, code: "WAREHOUSE_UNAVAILABLE", message: "The warehouse did not accept the order" };
    }
    const ticket = `WH-${String(ctx.context["orderId"] ?? "?")}`;
    ctx.context["warehouseTicket"] = ticket;
    ctx.context["exportedAt"] = ctx.now.toISOString();
    return { ok: true, metadata: { ticket } };
  },
};

/** Pretends to e-mail the customer; runs in the onEnter chain of `exported`. */
export const notifyCustomer: WorkflowCommand = {
  execute(_subject: unknown, ctx: WorkflowExecutionContext): CommandResult {
    const email = String(ctx.context["customerEmail"] ?? "customer");
    ctx.context["customerNotifiedAt"] = ctx.now.toISOString();
    ctx.context["lastNotification"] = `Order ${String(ctx.context["orderId"])} is on its way`;
    return { ok: true, metadata: { channel: "email", to: email } };
  },
};
