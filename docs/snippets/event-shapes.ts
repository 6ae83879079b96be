import type { WorkflowDefinition } from "@duraflows/core";

export const shapes: WorkflowDefinition = {
  name: "event-shapes",
  initialState: "open",
  states: {
    open: {
      events: {
        // Transitioning: target, optionally with commands.
        Start: { targetState: "working", commands: [{ name: "assignAgent" }] },
        // Command-only: no target and no errorState; the instance stays (a self-transition).
        AddNote: { commands: [{ name: "appendNote" }] },
        // Failure-only: stays on success, routes to errorState when a command returns ok: false.
        Audit: { errorState: "flagged", commands: [{ name: "runAudit" }] },
      },
    },
    working: {
      events: {
        // Transitioning with recovery: target on success, errorState on ok: false.
        Finish: { targetState: "done", errorState: "flagged", commands: [{ name: "closeTicket" }] },
      },
    },
    flagged: {
      // onEnter: runs automatically on entry, here a hop straight on to "open".
      onEnter: {
        targetState: "open",
        commands: [{ name: "notifySupervisor", metadata: { priority: "high" } }],
      },
    },
    done: {},
  },
};
