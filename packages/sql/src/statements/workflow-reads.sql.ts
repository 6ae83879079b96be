import { resolveInstanceListOrder, type ListExecutionsInput, type ListInstancesInput } from "@duraflows/core";
import type { SqlQuery } from "../sql-query.js";

/** Instance counts per workflow, definition version and state (optionally of one workflow). */
export function countInstancesByState(workflowName: string | undefined): SqlQuery {
  return {
    text: `SELECT workflow_name, definition_version, current_state, count(*)::int AS count
FROM workflow_instances
WHERE ($1::text IS NULL OR workflow_name = $1)
GROUP BY workflow_name, definition_version, current_state`,
    values: [workflowName ?? null],
  };
}

/*
 * Keyset page: the row comparison `(sort column, uuid) < (cursor)` (`>` when ascending) continues strictly
 * after the last row of the previous page, so deep pages cost the same as the first one (no OFFSET). Both
 * ORDER BY terms go the same direction, so one index on (workflow_name, last_transition_at DESC, uuid DESC)
 * serves both directions (read backwards for ascending). One row more than the page is fetched to know whether
 * a next page exists. Filters are added only when given, so the planner sees simple predicates.
 */
/** A page (`limit + 1` rows) of instances matching the filters, in the input's order (default newest transition first). */
export function listInstances(
  input: ListInstancesInput,
  after: { at: Date; uuid: string } | undefined,
): SqlQuery {
  const order = resolveInstanceListOrder(input);
  // Only these two literals ever reach the SQL text: the order is validated above.
  const column = order.by === "createdAt" ? "created_at" : "last_transition_at";
  const direction = order.direction === "asc" ? "ASC" : "DESC";
  const values: unknown[] = [input.workflowName];
  const where = ["workflow_name = $1"];
  const add = (sql: (n: string) => string, value: unknown) => {
    values.push(value);
    where.push(sql(`$${values.length}`));
  };
  if (input.state !== undefined) add((n) => `current_state = ${n}`, input.state);
  if (input.definitionVersion !== undefined) add((n) => `definition_version = ${n}`, input.definitionVersion);
  if (input.metadata !== undefined) {
    add(
      (n) => `metadata_json @> ${n}::jsonb`,
      JSON.stringify({ [input.metadata.key]: input.metadata.value }),
    );
  }
  if (input.createdFrom !== undefined) add((n) => `created_at >= ${n}`, input.createdFrom);
  if (input.createdTo !== undefined) add((n) => `created_at < ${n}`, input.createdTo);
  if (input.lastTransitionFrom !== undefined)
    add((n) => `last_transition_at >= ${n}`, input.lastTransitionFrom);
  if (input.lastTransitionTo !== undefined) add((n) => `last_transition_at < ${n}`, input.lastTransitionTo);
  if (after !== undefined) {
    values.push(after.at, after.uuid);
    const cmp = order.direction === "asc" ? ">" : "<";
    where.push(`(${column}, uuid) ${cmp} ($${values.length - 1}, $${values.length}::uuid)`);
  }
  values.push(input.limit + 1);
  return {
    text: `SELECT *
FROM workflow_instances
WHERE ${where.join("\n  AND ")}
ORDER BY ${column} ${direction}, uuid ${direction}
LIMIT $${values.length}`,
    values,
  };
}

/** Overdue (armed, not parked, expired before $1) and parked timeout counts with the oldest of each. */
export function summarizeTimeouts(now: Date, workflowName: string | undefined): SqlQuery {
  return {
    text: `SELECT
  count(*) FILTER (WHERE timeout_parked_at IS NULL AND expires_at < $1)::int AS overdue,
  min(expires_at) FILTER (WHERE timeout_parked_at IS NULL AND expires_at < $1) AS oldest_overdue_at,
  count(*) FILTER (WHERE timeout_parked_at IS NOT NULL)::int AS parked,
  min(timeout_parked_at) AS oldest_parked_at
FROM workflow_instances
WHERE (expires_at IS NOT NULL OR timeout_parked_at IS NOT NULL)
  AND ($2::text IS NULL OR workflow_name = $2)`,
    values: [now, workflowName ?? null],
  };
}

/** Execution counts per status with the oldest `createdAt` of each. */
export function summarizeExecutions(): SqlQuery {
  return {
    text: `SELECT status, count(*)::int AS count, min(execution_json->>'createdAt') AS oldest_created_at
FROM workflow_executions
GROUP BY status`,
    values: [],
  };
}

/** A page (`limit + 1` rows) of executions by availability then uuid, after the cursor position. */
export function listExecutions(
  input: ListExecutionsInput,
  after: { at: Date; uuid: string } | undefined,
): SqlQuery {
  return {
    text: `SELECT execution_json
FROM workflow_executions
WHERE ($1::text IS NULL OR status = $1)
  AND ($2::uuid IS NULL OR workflow_instance_uuid = $2::uuid)
  AND ($3::timestamptz IS NULL OR (available_at, uuid) > ($3, $4::uuid))
ORDER BY available_at, uuid
LIMIT $5`,
    values: [
      input.status ?? null,
      input.workflowInstanceUuid ?? null,
      after?.at ?? null,
      after?.uuid ?? null,
      input.limit + 1,
    ],
  };
}
