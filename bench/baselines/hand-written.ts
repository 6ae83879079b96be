import type pg from "pg";

/*
 * The hand-written baselines: what an application would write with `pg` alone to get the same durable effect
 * as one duraflows transition — lock the row, write the new state with an optimistic version check, append an
 * audit row, commit. Plain parameterised queries (unnamed statements), as typical application code sends them.
 * They write the same columns as @duraflows/pg so both sides do the same work in PostgreSQL.
 */

const LOCK = "SELECT * FROM workflow_instances WHERE uuid = $1 FOR UPDATE";

const UPDATE = `UPDATE workflow_instances
SET current_state = $2, version = $3, expires_at = $4, last_transition_at = $5, context_json = $6,
  updated_at = $7, definition_version = $8, timeout_attempts = 0, timeout_retry_at = NULL,
  timeout_last_error = NULL, timeout_parked_at = NULL
WHERE uuid = $1 AND version = $9`;

const HISTORY = `INSERT INTO workflow_history (
  workflow_instance_uuid, from_state, event_name, to_state, outcome, error_message, rejected_by,
  command_results_json, trigger_metadata_json, definition_version
)
VALUES ($1, $2, $3, $4, 'success', NULL, NULL, $5, $6, $7)
RETURNING uuid`;

interface InstanceRow {
  uuid: string;
  current_state: string;
  version: number;
  expires_at: Date | null;
  context_json: Record<string, unknown>;
  definition_version: number | null;
}

/**
 * One transition in five statements: BEGIN; SELECT … FOR UPDATE; UPDATE; INSERT history; COMMIT.
 * `next(state)` gives the target state; `eventName` and `triggerMetadata` go into the history row. With
 * `onlyIfDue`, an instance whose deadline is gone or not reached under the lock is left alone (a concurrent
 * sweeper got there first) and `null` is returned, as the runtime's re-check does.
 */
export async function handWrittenTransition(
  pool: pg.Pool,
  uuid: string,
  eventName: string,
  next: (state: string) => string,
  triggerMetadata: Record<string, unknown> = {},
  onlyIfDue = false,
  named = false,
): Promise<string | null> {
  // `named` prepares the three parameterised statements once per connection (used only in phase-2 experiments).
  const q = (name: string, text: string, values: unknown[]) =>
    named ? { name, text, values } : { text, values };
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const { rows } = await client.query<InstanceRow>(q("bench_lock", LOCK, [uuid]));
    const row = rows[0];
    if (!row) throw new Error(`instance ${uuid} not found`);
    const now = new Date();
    if (onlyIfDue && (row.expires_at === null || row.expires_at > now)) {
      await client.query("COMMIT");
      return null;
    }
    const toState = next(row.current_state);
    const updated = await client.query(
      q("bench_update", UPDATE, [
        uuid,
        toState,
        row.version + 1,
        null,
        now,
        JSON.stringify(row.context_json),
        now,
        row.definition_version ?? 1,
        row.version,
      ]),
    );
    if (updated.rowCount !== 1) throw new Error(`instance ${uuid} was modified concurrently`);
    const history = await client.query<{ uuid: string }>(
      q("bench_history", HISTORY, [
        uuid,
        row.current_state,
        eventName,
        toState,
        "[]",
        JSON.stringify(triggerMetadata),
        row.definition_version ?? 1,
      ]),
    );
    await client.query("COMMIT");
    return history.rows[0]!.uuid;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Due timeouts in due order, claimed with SKIP LOCKED (the same scan @duraflows/pg runs). */
const SCAN = `SELECT uuid
FROM workflow_instances
WHERE expires_at IS NOT NULL
  AND expires_at < $2
  AND timeout_parked_at IS NULL
  AND (timeout_retry_at IS NULL OR timeout_retry_at < $2)
  AND coalesce(timeout_retry_at, expires_at) < $2
ORDER BY coalesce(timeout_retry_at, expires_at)
FOR UPDATE SKIP LOCKED
LIMIT $1`;

/**
 * One sweep batch the hand-written way: a short scan transaction claims up to `limit` due rows, then each
 * instance gets its own transaction (lock, re-check, update, history) as in {@link handWrittenTransition}.
 * Returns the number of rows the scan claimed (0 = nothing due is left).
 */
export async function handWrittenSweepBatch(
  pool: pg.Pool,
  limit: number,
  eventName: string,
  toState: string,
): Promise<number> {
  const client = await pool.connect();
  let uuids: string[];
  try {
    await client.query("BEGIN");
    uuids = (await client.query<{ uuid: string }>(SCAN, [limit, new Date()])).rows.map((row) => row.uuid);
    await client.query("COMMIT");
  } finally {
    client.release();
  }
  for (const uuid of uuids) {
    await handWrittenTransition(pool, uuid, eventName, () => toState, { source: "timeout" }, true);
  }
  return uuids.length;
}
