import type { WorkflowDefinition } from "@duraflows/nestjs";

/**
 * An order is paid (the chargePayment command runs; a refused card routes to paymentFailed), then shipped.
 * An order left unpaid for a day expires.
 */
export const orderWorkflow: WorkflowDefinition = {
  name: "order",
  version: 1,
  initialState: "new",
  states: {
    new: {
      events: {
        Pay: { targetState: "paid", errorState: "paymentFailed", commands: [{ name: "chargePayment" }] },
        Expire: { targetState: "expired", timeout: { afterDays: 1 } },
      },
    },
    paid: { events: { Ship: { targetState: "shipped" } } },
    shipped: {},
    paymentFailed: {},
    expired: {},
  },
};
