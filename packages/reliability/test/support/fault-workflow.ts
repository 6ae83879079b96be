import { PgTransactionContext } from "@duraflows/pg";
import type { CommandResult, WorkflowCommand, WorkflowDefinition } from "@duraflows/core";
import type pg from "pg";

/** One event whose single command is the fault under test. */
export const faultWorkflow: WorkflowDefinition = {
  name: "fault",
  initialState: "idle",
  states: {
    idle: { events: { work: { targetState: "done", commands: [{ name: "work" }] } } },
    done: {},
  },
};

/** A side table written through the workflow's own transaction client (so it must roll back with it). */
export const SIDE_EFFECTS_DDL =
  "CREATE TABLE IF NOT EXISTS fault_side_effects (id serial PRIMARY KEY, note text)";

/**
 * A command that first does real work inside the transaction — a row in `fault_side_effects`, a context write —
 * and then hands over to `fault` (block, sleep in SQL, throw, return garbage…).
 */
export function faultyCommand(pool: pg.Pool, fault: (client: pg.PoolClient) => unknown): WorkflowCommand {
  return {
    async execute(_subject, ctx): Promise<CommandResult> {
      const client = PgTransactionContext.getClient(pool);
      if (!client) throw new Error("the command must run inside the workflow transaction");
      await client.query("INSERT INTO fault_side_effects (note) VALUES ($1)", [
        "written inside the transaction",
      ]);
      ctx.context.touched = true;
      return (await fault(client)) as CommandResult;
    },
  };
}

/** A command that succeeds, for proving an instance is still usable after a fault. */
export const workingCommand: WorkflowCommand = {
  execute: (_subject, ctx): CommandResult => {
    ctx.context.recovered = true;
    return { ok: true };
  },
};
