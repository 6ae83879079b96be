import type { CommandResult, WorkflowCommand, WorkflowDefinition } from "@duraflows/core";

/**
 * The race workflow: `waiting` times out into `expired` with a command-less timeout (so the sweep moves it on
 * its batch path), and accepts the queued event `work`, whose single command counts the run in the context.
 * An instance is either swept (`expired`, no `works`) or worked (`worked`, `works: 1`), never both.
 */
export const raceWorkflow: WorkflowDefinition = {
  name: "race",
  initialState: "waiting",
  states: {
    waiting: {
      events: {
        expire: { targetState: "expired", timeout: { afterMinutes: 1 } },
        work: { targetState: "worked", commands: [{ name: "work" }] },
      },
    },
    expired: {},
    worked: {},
  },
};

/** Counts the run in `context.works`. */
export const workCommand: WorkflowCommand = {
  execute(_subject, ctx): CommandResult {
    ctx.context.works = (typeof ctx.context.works === "number" ? ctx.context.works : 0) + 1;
    return { ok: true };
  },
};

/** A clock running `offsetMs` ahead of real time (a sweeper for which every deadline has passed). */
export function clockAhead(offsetMs: number): { now: () => Date } {
  return { now: () => new Date(Date.now() + offsetMs) };
}
