import type { WorkflowDefinition } from "@duraflows/core";

export const orderWorkflow: WorkflowDefinition = {
  name: "order",
  version: 1,
  initialState: "new",
  states: {
    new: {
      context: { paymentStatus: "pending" },
      events: {
        PaymentReceived: { targetState: "paid" },
        Cancel: { targetState: "cancelled" },
      },
    },
    paid: {
      context: { paymentStatus: "paid" },
      events: {
        Ship: {
          targetState: "shipped",
          errorState: "on_hold",
          commands: [{ name: "sendToWarehouse" }],
        },
      },
    },
    on_hold: { events: { Retry: { targetState: "paid" } } },
    shipped: {
      events: { Close: { targetState: "closed", timeout: { afterDays: 14 } } },
    },
    closed: {},
    cancelled: {},
  },
};
