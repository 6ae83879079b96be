import type pg from "pg";

/**
 * Inserts `count` instances of the `sweep` workflow, all in `waiting` with a deadline in the past, in one
 * statement (creating 5,000 through the runtime would only slow the suite down; the rows are exactly what
 * createInstance writes for that state, minus the elapsed minute).
 */
export async function insertExpiredSweepInstances(pool: pg.Pool, count: number): Promise<void> {
  await pool.query(
    `INSERT INTO workflow_instances (uuid, workflow_name, current_state, version, definition_version, expires_at,
       last_transition_at, context_json, metadata_json, created_at, updated_at)
     SELECT gen_random_uuid(), 'sweep', 'waiting', 0, 1, now() - interval '1 minute' + (g * interval '1 ms'),
            now() - interval '2 minutes', '{}'::jsonb, jsonb_build_object('n', g), now() - interval '2 minutes',
            now() - interval '2 minutes'
       FROM generate_series(1, $1::int) AS g`,
    [count],
  );
}
