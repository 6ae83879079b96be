import type { CommandResult, WorkflowCommand, WorkflowDefinition } from "@duraflows/core";
import type pg from "pg";

/**
 * The soak workflow: the queued event `settle` runs one external (non-transactional) command, then moves the
 * instance to `settled`. Every accepted event must end there exactly once, whatever dies on the way.
 */
export const soakWorkflow: WorkflowDefinition = {
  name: "soak",
  initialState: "open",
  states: {
    open: { events: { settle: { targetState: "settled", commands: [{ name: "charge" }] } } },
    settled: {},
  },
};

/** The table the external side effect goes to, keyed by `ctx.durable.idempotencyKey` (runs counted). */
export const SOAK_EFFECTS_DDL =
  "CREATE TABLE IF NOT EXISTS soak_effects (key text PRIMARY KEY, runs integer NOT NULL)";

/**
 * An external side effect written on its own connection (outside the workflow transaction), as a call to
 * another service would be: at least once per command, recognisable by its idempotency key.
 */
export function chargeCommand(effects: pg.Pool): WorkflowCommand {
  return {
    async execute(_subject, ctx): Promise<CommandResult> {
      await effects.query(
        `INSERT INTO soak_effects (key, runs) VALUES ($1, 1)
         ON CONFLICT (key) DO UPDATE SET runs = soak_effects.runs + 1`,
        [ctx.durable!.idempotencyKey],
      );
      ctx.context.charged = true;
      return { ok: true };
    },
  };
}

/**
 * Inserts `count` soak instances in `open` (what createInstance writes for that state) and returns their uuids.
 */
export async function insertSoakInstances(pool: pg.Pool, count: number): Promise<string[]> {
  const { rows } = await pool.query<{ uuid: string }>(
    `INSERT INTO workflow_instances (uuid, workflow_name, current_state, version, definition_version, expires_at,
       last_transition_at, context_json, metadata_json, created_at, updated_at)
     SELECT gen_random_uuid(), 'soak', 'open', 0, 1, NULL, now(), '{}'::jsonb, jsonb_build_object('n', g), now(), now()
       FROM generate_series(1, $1::int) AS g
     RETURNING uuid`,
    [count],
  );
  return rows.map((row) => row.uuid);
}
