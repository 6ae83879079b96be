import type { WorkflowCommand, WorkflowDefinition } from "@duraflows/core";

/** The workflow of the cross-process trace test, shared by the test and its worker process. */
export const PARCEL: WorkflowDefinition = {
  name: "pg-telemetry-parcel",
  initialState: "new",
  states: {
    new: { events: { Ship: { targetState: "shipped", commands: [{ name: "label" }] } } },
    shipped: {},
  },
};

/** Commands of {@link PARCEL}. */
export const PARCEL_COMMANDS: Record<string, WorkflowCommand> = { label: { execute: () => ({ ok: true }) } };

/** The simulated time of both processes. */
export const PARCEL_NOW = new Date("2030-01-01T00:00:00.000Z");
