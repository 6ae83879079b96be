import type { CommandResult, WorkflowCommand, WorkflowDefinition } from "@duraflows/core";

/**
 * The load workflow. Every accepted event adds exactly one to `context.hits` (directly, or through the onEnter
 * hop of `relaying`), and every state entry — event or hop — writes one history row and bumps `version` once.
 * There is no guard (a guard rejection writes a row without a version bump), so for every instance
 * `version === number of history rows` holds exactly; creation writes no row and leaves version 0.
 */
export const counterWorkflow: WorkflowDefinition = {
  name: "counter",
  initialState: "left",
  states: {
    left: {
      events: {
        toggle: { targetState: "right", commands: [{ name: "bump" }] },
        ping: { commands: [{ name: "bump" }] },
      },
    },
    right: {
      events: {
        toggle: { targetState: "left", commands: [{ name: "bump" }] },
        relay: { targetState: "relaying" },
      },
    },
    relaying: { onEnter: { targetState: "left", commands: [{ name: "bump" }] } },
  },
};

/** Events fired at random; `ping` is only valid in `left` and `relay` only in `right` (designed rejections). */
export const COUNTER_EVENTS = ["toggle", "ping", "relay"] as const;

export const bumpCommand: WorkflowCommand = {
  execute(_subject, ctx): CommandResult {
    ctx.context.hits = (typeof ctx.context.hits === "number" ? ctx.context.hits : 0) + 1;
    return { ok: true };
  },
};

/** The sweep workflow: `waiting` times out after one minute into `expired`, stamping who swept it. */
export const sweepWorkflow: WorkflowDefinition = {
  name: "sweep",
  initialState: "waiting",
  states: {
    waiting: {
      events: {
        expire: { targetState: "expired", commands: [{ name: "stamp" }], timeout: { afterMinutes: 1 } },
      },
    },
    expired: {},
  },
};

/** Writes the sweeping process's id into the context (proves which process committed the transition). */
export function stampCommand(sweeper: string): WorkflowCommand {
  return {
    execute(_subject, ctx): CommandResult {
      ctx.context.sweptBy = sweeper;
      return { ok: true };
    },
  };
}
