import type pg from "pg";

/**
 * Inserts `count` instances of the race workflow in `waiting`, due one minute from now (so due only for a
 * sweeper whose clock runs ahead), exactly as createInstance would write them; returns their uuids in due order.
 */
export async function insertRaceInstances(pool: pg.Pool, count: number): Promise<string[]> {
  const { rows } = await pool.query<{ uuid: string }>(
    `INSERT INTO workflow_instances (uuid, workflow_name, current_state, version, definition_version, expires_at,
       last_transition_at, context_json, metadata_json, created_at, updated_at)
     SELECT gen_random_uuid(), 'race', 'waiting', 0, 1, now() + interval '1 minute' + (g * interval '1 ms'),
            now(), '{}'::jsonb, jsonb_build_object('n', g), now(), now()
       FROM generate_series(1, $1::int) AS g
     RETURNING uuid, expires_at`,
    [count],
  );
  return rows.map((row) => row.uuid);
}

/**
 * Inserts `count` race instances due an hour ago (so every scan reaches them before the round's instances) and
 * returns their uuids; the race test holds them locked as a backlog other sweepers are busy with.
 */
export async function insertBacklogInstances(pool: pg.Pool, count: number): Promise<string[]> {
  const { rows } = await pool.query<{ uuid: string }>(
    `INSERT INTO workflow_instances (uuid, workflow_name, current_state, version, definition_version, expires_at,
       last_transition_at, context_json, metadata_json, created_at, updated_at)
     SELECT gen_random_uuid(), 'race', 'waiting', 0, 1, now() - interval '1 hour' + (g * interval '1 ms'),
            now(), '{}'::jsonb, jsonb_build_object('backlog', g), now(), now()
       FROM generate_series(1, $1::int) AS g
     RETURNING uuid`,
    [count],
  );
  return rows.map((row) => row.uuid);
}
