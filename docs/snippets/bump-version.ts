import type { WorkflowDefinition } from "@duraflows/core";

// Version 1 is stored in workflow_definitions the first time the runtime initializes. Changing the content
// without bumping "version" makes initialize() fail ("Definition content changed but version 1 was not bumped").
export const orderV2: WorkflowDefinition = {
  name: "order",
  version: 2,
  versionPolicy: "pinned", // default: running instances keep executing version 1 until migrated
  initialState: "new",
  states: {
    new: { events: { PaymentReceived: { targetState: "paid" }, Cancel: { targetState: "cancelled" } } },
    paid: {
      events: {
        Ship: { targetState: "shipped", errorState: "on_hold", commands: [{ name: "sendToWarehouse" }] },
      },
    },
    on_hold: { events: { Retry: { targetState: "paid" }, Refund: { targetState: "cancelled" } } },
    shipped: { events: { Close: { targetState: "closed", timeout: { afterDays: 30 } } } },
    closed: {},
    cancelled: {},
  },
};
