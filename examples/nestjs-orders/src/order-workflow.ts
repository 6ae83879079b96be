import type { WorkflowDefinition } from "@duraflows/nestjs";

/** The order workflow served by this app: export to the warehouse, notify, deliver, close after 14 days. */
export const orderWorkflow: WorkflowDefinition = {
  name: "order",
  version: 1,
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
    in_transit: { events: { Deliver: { targetState: "delivered" } } },
    delivered: {
      context: { shipmentStatus: "delivered", isActive: false },
      events: { TimeOut: { targetState: "closed", timeout: { afterDays: 14 } } },
    },
    closed: {},
    cancelled: { context: { isActive: false } },
    export_failed: { events: { RetryExport: { targetState: "exportable" } } },
  },
};
