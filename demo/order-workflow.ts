import type { WorkflowDefinition } from "@duraflows/core";

/** The states of the order workflow, so `createInstance`/`currentState` comparisons stay typo-proof. */
export type OrderState =
  | "new"
  | "exportable"
  | "exported"
  | "in_transit"
  | "delivered"
  | "closed"
  | "cancelled"
  | "export_failed";

/**
 * The classic order workflow: paid orders are exported to the warehouse, the customer is told on the way out,
 * and a delivered order closes itself after 14 quiet days. Export failures park the order in `export_failed`
 * until someone retries.
 */
export const orderWorkflow: WorkflowDefinition<OrderState> = {
  name: "order",
  initialState: "new",
  states: {
    new: {
      context: { paymentStatus: "pending", isActive: true },
      events: {
        PaymentReceived: { targetState: "exportable" },
        Cancel: { targetState: "cancelled" },
      },
    },
    exportable: {
      context: { paymentStatus: "paid" },
      events: {
        Export: {
          targetState: "exported",
          errorState: "export_failed",
          commands: [{ name: "sendOrderToWarehouse" }],
        },
      },
    },
    exported: {
      context: { shipmentStatus: "shipped" },
      onEnter: { targetState: "in_transit", commands: [{ name: "notifyCustomer" }] },
    },
    in_transit: {
      events: { Deliver: { targetState: "delivered" } },
    },
    delivered: {
      context: { shipmentStatus: "delivered", isActive: false },
      events: { TimeOut: { targetState: "closed", timeout: { afterDays: 14 } } },
    },
    closed: {},
    cancelled: { context: { isActive: false } },
    export_failed: {
      events: { RetryExport: { targetState: "exportable" } },
    },
  },
};
