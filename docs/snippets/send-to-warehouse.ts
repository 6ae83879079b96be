import type { WorkflowCommand } from "@duraflows/core";

/** The command the order workflow runs on Ship. It writes the warehouse ticket into the instance's context. */
export const sendToWarehouse: WorkflowCommand = {
  execute(_subject, ctx) {
    ctx.context["warehouseTicket"] = `WH-${ctx.transitionUuid.slice(0, 8)}`;
    return { ok: true };
  },
};
