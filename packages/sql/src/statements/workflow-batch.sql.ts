import type { WorkflowHistoryRecord, WorkflowInstance } from "@duraflows/core";
import type { SqlQuery } from "../sql-query.js";

/*
 * Multi-row form of updateInstance for the timeout sweep's batch path: one array parameter per column, zipped
 * by unnest. Each row keeps the optimistic guard (stored version = new version - 1); RETURNING lists the rows
 * written so the store can name the first instance the guard refused. No lock of its own: the sweep claimed the
 * rows with findExpired (FOR UPDATE SKIP LOCKED) in the same transaction. metadata_json is never written.
 */
/** UPDATE of many instances from parallel arrays, version-guarded per row, `RETURNING uuid`. */
export function updateInstances(instances: readonly WorkflowInstance[]): SqlQuery {
  return {
    text: `UPDATE workflow_instances AS i
SET current_state = u.current_state,
  version = u.version,
  expires_at = u.expires_at,
  last_transition_at = u.last_transition_at,
  context_json = u.context_json,
  updated_at = u.updated_at,
  definition_version = u.definition_version,
  timeout_attempts = u.timeout_attempts,
  timeout_retry_at = u.timeout_retry_at,
  timeout_last_error = u.timeout_last_error,
  timeout_parked_at = u.timeout_parked_at
FROM unnest(
  $1::uuid[], $2::text[], $3::integer[], $4::timestamptz[], $5::timestamptz[], $6::jsonb[], $7::timestamptz[],
  $8::integer[], $9::integer[], $10::timestamptz[], $11::text[], $12::timestamptz[]
) AS u(
  uuid, current_state, version, expires_at, last_transition_at, context_json, updated_at, definition_version,
  timeout_attempts, timeout_retry_at, timeout_last_error, timeout_parked_at
)
WHERE i.uuid = u.uuid
  AND i.version = u.version - 1
RETURNING i.uuid`,
    values: [
      instances.map((instance) => instance.uuid),
      instances.map((instance) => instance.currentState),
      instances.map((instance) => instance.version),
      instances.map((instance) => instance.expiresAt),
      instances.map((instance) => instance.lastTransitionAt),
      instances.map((instance) => JSON.stringify(instance.context)),
      instances.map((instance) => instance.updatedAt),
      instances.map((instance) => instance.definitionVersion),
      instances.map((instance) => instance.timeoutRetry?.attempts ?? 0),
      instances.map((instance) => instance.timeoutRetry?.retryAt ?? null),
      instances.map((instance) => instance.timeoutRetry?.lastError ?? null),
      instances.map((instance) => instance.timeoutRetry?.parkedAt ?? null),
    ],
  };
}

/*
 * Multi-row form of insertHistory. Rows are inserted in input order (ORDER BY the unnest ordinality), so
 * RETURNING yields their database-generated uuids in that order and uuidv7 defaults stay time-ordered.
 */
/** INSERT of many history rows from parallel arrays, `RETURNING uuid` in input order. */
export function insertHistoryRows(records: readonly WorkflowHistoryRecord[]): SqlQuery {
  return {
    text: `INSERT INTO workflow_history (
  workflow_instance_uuid, from_state, event_name, to_state, outcome, error_message, rejected_by,
  command_results_json, trigger_metadata_json, definition_version
)
SELECT h.workflow_instance_uuid, h.from_state, h.event_name, h.to_state, h.outcome, h.error_message,
  h.rejected_by, h.command_results_json, h.trigger_metadata_json, h.definition_version
FROM unnest(
  $1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::jsonb[], $9::jsonb[],
  $10::integer[]
) WITH ORDINALITY AS h(
  workflow_instance_uuid, from_state, event_name, to_state, outcome, error_message, rejected_by,
  command_results_json, trigger_metadata_json, definition_version, position
)
ORDER BY h.position
RETURNING uuid`,
    values: [
      records.map((record) => record.workflowInstanceUuid),
      records.map((record) => record.fromState),
      records.map((record) => record.eventName),
      records.map((record) => record.toState),
      records.map((record) => record.outcome),
      records.map((record) => record.errorMessage ?? null),
      records.map((record) => record.rejectedBy ?? null),
      records.map((record) => JSON.stringify(record.commandResultsJson)),
      records.map((record) => JSON.stringify(record.triggerMetadata ?? {})),
      records.map((record) => record.definitionVersion ?? null),
    ],
  };
}
