import type { WorkflowDefinition } from "@duraflows/core";

/** Fulfilment of one order row: received, packed, then shipped through a carrier booking command. */
export const fulfilmentWorkflow: WorkflowDefinition = {
  name: "fulfilment",
  version: 1,
  initialState: "received",
  states: {
    received: {
      events: { Pack: { targetState: "packed" }, Cancel: { targetState: "cancelled" } },
    },
    packed: {
      events: { Ship: { targetState: "shipped", commands: [{ name: "bookCarrier" }] } },
    },
    shipped: {},
    cancelled: {},
  },
};
