import type { CommandResult, WorkflowCommand, WorkflowDefinition } from "@duraflows/core";

export const LONG_STATE = `long-${"s".repeat(1000)}`;
export const SQL_STATE = "'; DELETE FROM workflow_history; --";
export const HOSTILE_WORKFLOW = `wf '"; DROP TABLE workflow_instances; --`;

/** Names a store must keep exactly: prototype names, SQL, quotes, a 1,000-character name, emoji. */
export const hostileNamesWorkflow: WorkflowDefinition = {
  name: HOSTILE_WORKFLOW,
  initialState: "__proto__",
  states: Object.fromEntries([
    ["__proto__", { events: { toString: { targetState: "constructor", commands: [{ name: "echo" }] } } }],
    ["constructor", { events: { '"quoted"': { targetState: LONG_STATE } } }],
    [LONG_STATE, { events: { "😀 go": { targetState: SQL_STATE } } }],
    [SQL_STATE, {}],
  ]),
};

/** The event path from the initial state to the end, in order. */
export const HOSTILE_PATH = [
  { event: "toString", from: "__proto__", to: "constructor" },
  { event: '"quoted"', from: "constructor", to: LONG_STATE },
  { event: "😀 go", from: LONG_STATE, to: SQL_STATE },
];

/** Copies the subject into the context: a command writing hostile data. */
export class EchoCommand implements WorkflowCommand {
  execute(subject: unknown, ctx: Parameters<WorkflowCommand["execute"]>[1]): CommandResult {
    if (subject !== undefined) ctx.context.echo = subject;
    return { ok: true };
  }
}
