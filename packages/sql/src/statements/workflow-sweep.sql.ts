import type { SweepCommandlessTimeoutsInput } from "@duraflows/core";
import type { SqlQuery } from "../sql-query.js";

/*
 * The set-based timeout sweep: one statement claims the due rows its rules cover (findExpired's filter, order
 * and SKIP LOCKED, joined on workflow, current state and stamped version), moves them and appends their
 * history rows, so a batch costs one round trip instead of a scan, two writes and a transaction around them.
 * The rules arrive as parallel arrays zipped by unnest. After `due` the statement reads rows only through it
 * and the UPDATE's target: a row updated after the snapshot is locked, re-checked and moved in its newest
 * version. RETURNING gives the written rows (in due order) for the observer events, without the columns the
 * statement set to known values (transition and update time, retry state), which the store fills in.
 */
/** Moves up to `$1` due command-less timeouts in one statement; returns the rows as written. */
export function sweepCommandlessTimeouts(input: SweepCommandlessTimeoutsInput): SqlQuery {
  const { rules } = input;
  return {
    text: `WITH rules AS (
  SELECT *
  FROM unnest($3::text[], $4::integer[], $5::text[], $6::text[], $7::text[], $8::jsonb[], $9::timestamptz[])
    AS r(workflow_name, definition_version, from_state, event_name, to_state, patch, expires_at)
), due AS (
  SELECT i.uuid, r.from_state, r.event_name, r.to_state, r.patch, r.expires_at,
    coalesce(i.timeout_retry_at, i.expires_at) AS due_at
  FROM workflow_instances i
  JOIN rules r
    ON r.workflow_name = i.workflow_name
    AND r.from_state = i.current_state
    AND r.definition_version = i.definition_version
  WHERE i.expires_at IS NOT NULL
    AND i.expires_at < $2
    AND i.timeout_parked_at IS NULL
    AND (i.timeout_retry_at IS NULL OR i.timeout_retry_at < $2)
    AND coalesce(i.timeout_retry_at, i.expires_at) < $2
  ORDER BY coalesce(i.timeout_retry_at, i.expires_at)
  LIMIT $1
  FOR UPDATE OF i SKIP LOCKED
), moved AS (
  UPDATE workflow_instances i
  SET current_state = due.to_state,
    version = i.version + 1,
    expires_at = due.expires_at,
    last_transition_at = $2,
    updated_at = $2,
    context_json = i.context_json || due.patch,
    timeout_attempts = 0,
    timeout_retry_at = NULL,
    timeout_last_error = NULL,
    timeout_parked_at = NULL
  FROM due
  WHERE i.uuid = due.uuid
  RETURNING i.uuid, i.workflow_name, i.current_state, i.version, i.definition_version, i.expires_at,
    i.context_json, i.metadata_json, i.created_at, due.from_state AS swept_from_state,
    due.event_name AS swept_event_name, due.due_at AS swept_due_at
), history AS (
  INSERT INTO workflow_history (
    workflow_instance_uuid, from_state, event_name, to_state, outcome, command_results_json,
    trigger_metadata_json, definition_version
  )
  SELECT uuid, swept_from_state, swept_event_name, current_state, 'success', '[]', $10::jsonb,
    definition_version
  FROM moved
)
SELECT uuid, workflow_name, current_state, version, definition_version, expires_at, context_json, metadata_json,
  created_at, swept_from_state, swept_event_name
FROM moved
ORDER BY swept_due_at, uuid`,
    values: [
      input.limit,
      input.now,
      rules.map((rule) => rule.workflowName),
      rules.map((rule) => rule.definitionVersion),
      rules.map((rule) => rule.fromState),
      rules.map((rule) => rule.eventName),
      rules.map((rule) => rule.toState),
      rules.map((rule) => JSON.stringify(rule.patch)),
      rules.map((rule) => rule.expiresAt),
      JSON.stringify(input.triggerMetadata),
    ],
  };
}
