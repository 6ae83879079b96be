import type { SweepCommandlessTimeoutsInput } from "@duraflows/core";
import type { SqlQuery } from "../sql-query.js";

/*
 * The set-based timeout sweep: one statement claims the due rows its rules cover (findExpired's filter, order
 * and SKIP LOCKED, joined on workflow, current state and stamped version), moves them and appends their
 * history rows, so a batch costs one round trip instead of a scan, two writes and a transaction around them.
 * The rules arrive as parallel arrays zipped by unnest. After `due` the statement reads rows only through it
 * and the UPDATE's target: a row updated after the snapshot is locked, re-checked and moved in its newest
 * version.
 *
 * The result is kept to what the caller cannot know (every column costs parsing per row in the driver): the
 * uuid, the matched rule's position (its workflow, target state, stamped version, event and deadline are the
 * caller's own), the new version, context and metadata, and created_at as epoch milliseconds (a float parses
 * far cheaper than a timestamp text; date_trunc + round keep it exact on PostgreSQL 13, whose extract returns
 * a double, and equal to what the driver's timestamp parser yields: the fraction below a millisecond is
 * dropped). The columns the statement set to known values (transition and update time, retry state) are
 * filled in by the store. Rows come in due order.
 *
 * `uncovered_due` tells the caller whether its scan for the rest of `limit` could find anything: when fewer
 * than `$1` rows were moved, whether any due row (in the statement's snapshot) matches no rule. The rows the
 * rules cover but `due` left were held by other transactions, and the scan skips those too. The check is an
 * InitPlan behind CASE, evaluated only when needed, and then bounded: covered rows in the snapshot are this
 * statement's own (under the limit) and those other sweepers hold. The one-row subquery it comes from is
 * LEFT JOINed so that an empty sweep still returns it (one row of NULLs besides the flag).
 */
/** Moves up to `$1` due command-less timeouts in one statement; returns the rows as written. */
export function sweepCommandlessTimeouts(input: SweepCommandlessTimeoutsInput): SqlQuery {
  const { rules } = input;
  return {
    text: `WITH rules AS (
  SELECT *
  FROM unnest($3::text[], $4::integer[], $5::text[], $6::text[], $7::text[], $8::jsonb[], $9::timestamptz[])
    WITH ORDINALITY
    AS r(workflow_name, definition_version, from_state, event_name, to_state, patch, expires_at, rule)
), due AS (
  SELECT i.uuid, r.rule, r.from_state, r.event_name, r.to_state, r.patch, r.expires_at,
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
  RETURNING i.uuid, i.current_state, i.version, i.definition_version, i.context_json, i.metadata_json,
    i.created_at, due.rule, due.from_state AS swept_from_state, due.event_name AS swept_event_name,
    due.due_at AS swept_due_at
), history AS (
  INSERT INTO workflow_history (
    workflow_instance_uuid, from_state, event_name, to_state, outcome, command_results_json,
    trigger_metadata_json, definition_version
  )
  SELECT uuid, swept_from_state, swept_event_name, current_state, 'success', '[]', $10::jsonb,
    definition_version
  FROM moved
), flag AS (
  SELECT CASE
    WHEN (SELECT count(*) FROM moved) < $1 THEN EXISTS (
      SELECT 1
      FROM workflow_instances i
      WHERE i.expires_at IS NOT NULL
        AND i.expires_at < $2
        AND i.timeout_parked_at IS NULL
        AND (i.timeout_retry_at IS NULL OR i.timeout_retry_at < $2)
        AND coalesce(i.timeout_retry_at, i.expires_at) < $2
        AND NOT EXISTS (
          SELECT 1
          FROM rules r
          WHERE r.workflow_name = i.workflow_name
            AND r.from_state = i.current_state
            AND r.definition_version = i.definition_version
        )
    )
    ELSE true
  END AS uncovered_due
)
SELECT moved.uuid, moved.rule::integer AS rule, moved.version, moved.context_json, moved.metadata_json,
  round(extract(epoch FROM date_trunc('milliseconds', moved.created_at)) * 1000)::float8 AS created_ms,
  flag.uncovered_due
FROM flag
LEFT JOIN moved ON true
ORDER BY moved.swept_due_at, moved.uuid`,
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
