import type { BenchDatabase } from "./bench-database.js";

/*
 * Bulk seeding in one INSERT … SELECT generate_series, so a million rows take seconds instead of a million
 * createInstance calls. The rows look exactly like ones createInstance writes (version 0, definition version 1,
 * empty context and metadata); the runtime's initialize() has stored definition version 1 beforehand.
 */

/** `count` instances of `workflowName` in `state`, overdue by an hour (staggered by 1 ms in due order). */
export async function seedOverdue(
  db: BenchDatabase,
  workflowName: string,
  state: string,
  count: number,
): Promise<void> {
  await db.exec(
    `INSERT INTO workflow_instances (
  uuid, workflow_name, current_state, version, definition_version, expires_at, last_transition_at,
  context_json, metadata_json, created_at, updated_at
)
SELECT gen_random_uuid(), $1, $2, 0, 1, now() - interval '1 hour' + g * interval '1 millisecond', now(),
  '{}', '{}', now(), now()
FROM generate_series(1, $3) AS g`,
    [workflowName, state, count],
  );
}

/**
 * `count` filler instances of `workflowName` in `state` that are never due: every other one has a deadline a
 * day away (so the timeout index is as large as in a busy system), the rest none.
 */
export async function seedIdle(
  db: BenchDatabase,
  workflowName: string,
  state: string,
  count: number,
): Promise<void> {
  await db.exec(
    `INSERT INTO workflow_instances (
  uuid, workflow_name, current_state, version, definition_version, expires_at, last_transition_at,
  context_json, metadata_json, created_at, updated_at
)
SELECT gen_random_uuid(), $1, $2, 0, 1,
  CASE WHEN g % 2 = 0 THEN now() + interval '1 day' + g * interval '1 millisecond' END,
  now(), '{"filler":true}', '{}', now(), now()
FROM generate_series(1, $3) AS g`,
    [workflowName, state, count],
  );
  await db.exec("ANALYZE workflow_instances");
}

/** `count` history rows for one instance, `created_at` spread one second apart. */
export async function seedHistory(db: BenchDatabase, instanceUuid: string, count: number): Promise<void> {
  await db.exec(
    `INSERT INTO workflow_history (
  workflow_instance_uuid, from_state, event_name, to_state, outcome, command_results_json, trigger_metadata_json,
  definition_version, created_at
)
SELECT $1, 'a', 'go', 'b', 'success', '[]', '{}', 1, now() - g * interval '1 second'
FROM generate_series(1, $2) AS g`,
    [instanceUuid, count],
  );
  await db.exec("ANALYZE workflow_history");
}

/** Number of instances of `workflowName` still in `state`. */
export async function countInState(db: BenchDatabase, workflowName: string, state: string): Promise<number> {
  const result = await db.exec(
    "SELECT count(*)::int AS n FROM workflow_instances WHERE workflow_name = $1 AND current_state = $2",
    [workflowName, state],
  );
  return Number(result.rows[0]?.n ?? 0);
}

/** Number of history rows of `workflowName`'s instances. */
export async function countHistory(db: BenchDatabase, workflowName: string): Promise<number> {
  const result = await db.exec(
    `SELECT count(*)::int AS n FROM workflow_history h JOIN workflow_instances i ON i.uuid = h.workflow_instance_uuid
WHERE i.workflow_name = $1`,
    [workflowName],
  );
  return Number(result.rows[0]?.n ?? 0);
}

/** Instances of `workflowName` resting in state `a`, inserted in one statement (as createInstance writes them). */
export async function seedInstances(
  db: BenchDatabase,
  workflowName: string,
  count: number,
): Promise<string[]> {
  const result = await db.exec(
    `INSERT INTO workflow_instances (
  uuid, workflow_name, current_state, version, definition_version, expires_at, last_transition_at,
  context_json, metadata_json, created_at, updated_at
)
SELECT gen_random_uuid(), $1, 'a', 0, 1, NULL, now(), '{}', '{}', now(), now()
FROM generate_series(1, $2)
RETURNING uuid`,
    [workflowName, count],
  );
  return result.rows.map((row: { uuid: string }) => row.uuid);
}
