import type { ClaimInStateInput, WorkflowInstance } from "@duraflows/core";
import type { SqlQuery } from "../sql-query.js";

/** INSERT of a new instance: 15 positional parameters, in the column order of `workflow_instances`. */
export function insertInstance(instance: WorkflowInstance): SqlQuery {
  const retry = instance.timeoutRetry;
  return {
    text: `INSERT INTO workflow_instances (
  uuid, workflow_name, current_state, version, expires_at, last_transition_at, context_json, metadata_json,
  created_at, updated_at, definition_version, timeout_attempts, timeout_retry_at, timeout_last_error,
  timeout_parked_at
)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
    values: [
      instance.uuid,
      instance.workflowName,
      instance.currentState,
      instance.version,
      instance.expiresAt,
      instance.lastTransitionAt,
      JSON.stringify(instance.context),
      JSON.stringify(instance.metadata),
      instance.createdAt,
      instance.updatedAt,
      instance.definitionVersion,
      retry?.attempts ?? 0,
      retry?.retryAt ?? null,
      retry?.lastError ?? null,
      retry?.parkedAt ?? null,
    ],
  };
}

/** Every column of `workflow_instances` the row mapping reads. */
export const INSTANCE_COLUMNS = `uuid, workflow_name, current_state, version, definition_version, expires_at, last_transition_at,
  context_json, metadata_json, created_at, updated_at, timeout_attempts, timeout_retry_at, timeout_last_error,
  timeout_parked_at`;

/*
 * The read of every optimistic transition. The columns are listed (not `*`) for the same reason as in
 * lockInstanceByUuid: the adapters may keep it prepared on pooled connections (PostgreSQL then skips parsing
 * and planning it on each call, about half of its server time).
 */
/** Plain read by uuid, no lock. */
export function selectInstanceByUuid(uuid: string): SqlQuery {
  return {
    text: `SELECT ${INSTANCE_COLUMNS}
FROM workflow_instances
WHERE uuid = $1`,
    values: [uuid],
  };
}

/*
 * Row lock of one instance for the rest of the caller's transaction. Every mutating runtime operation takes
 * it before reading the state it will change, so two workers touching the same instance serialise here: the
 * second waits until the first commits and then reads the committed row (READ COMMITTED re-reads after the
 * wait). SKIP LOCKED or NOWAIT were rejected: an event on a busy instance must wait its turn, not vanish or
 * fail. `lock_timeout` (runner option) bounds the wait. The optimistic `version` check in UPDATE stays as a
 * second line of defence for writers that skip this lock.
 */
/** `SELECT … FOR UPDATE` of one instance (must run inside a transaction). */
export function lockInstanceByUuid(uuid: string): SqlQuery {
  // The columns are listed (not `*`) so the statement can stay prepared on pooled connections: a prepared
  // `SELECT *` fails with "cached plan must not change result type" once a migration adds a column.
  return {
    text: `SELECT ${INSTANCE_COLUMNS}
FROM workflow_instances
WHERE uuid = $1
FOR UPDATE`,
    values: [uuid],
  };
}

/*
 * Optimistic check: the runtime pre-increments `version`, so the row is written only if it still holds
 * `version - 1`. Under the FOR UPDATE lock this always matches; it catches writers that did not lock.
 * metadata_json is deliberately absent (write-once).
 */
/** UPDATE of the mutable columns guarded by the expected previous version ($13). */
export function updateInstance(instance: WorkflowInstance): SqlQuery {
  const retry = instance.timeoutRetry;
  return {
    text: `UPDATE workflow_instances
SET current_state = $2,
  version = $3,
  expires_at = $4,
  last_transition_at = $5,
  context_json = $6,
  updated_at = $7,
  definition_version = $8,
  timeout_attempts = $9,
  timeout_retry_at = $10,
  timeout_last_error = $11,
  timeout_parked_at = $12
WHERE uuid = $1
  AND version = $13`,
    values: [
      instance.uuid,
      instance.currentState,
      instance.version,
      instance.expiresAt,
      instance.lastTransitionAt,
      JSON.stringify(instance.context),
      instance.updatedAt,
      instance.definitionVersion,
      retry?.attempts ?? 0,
      retry?.retryAt ?? null,
      retry?.lastError ?? null,
      retry?.parkedAt ?? null,
      instance.version - 1,
    ],
  };
}

/*
 * Timeout scan shared by concurrent sweepers. FOR UPDATE SKIP LOCKED makes each sweeper claim a disjoint set
 * of due rows: a row another sweeper (or an event) holds is skipped instead of waited for, so N sweepers never
 * queue behind each other or process one instance twice. Plain FOR UPDATE was rejected (sweepers would block
 * on each other's batches) and so was an unlocked read (two sweepers would pick the same rows). The claim ends
 * with the scan transaction; the runtime re-locks each instance with lockByUuid and re-checks that it is still
 * due, so a row that changed in between is skipped, not fired twice.
 *
 * `coalesce(timeout_retry_at, expires_at) < $2` is implied by the other conditions; it is there so the planner
 * can range-scan workflow_instances_timeout_due_idx (same expression and partial predicate) in ORDER BY order
 * and stop after LIMIT rows instead of sorting every armed instance. The NOT EXISTS filter runs before LIMIT so
 * instances occupied by durable executions never crowd due ones out of the batch.
 */
/** Due instances in due order, locked with FOR UPDATE SKIP LOCKED; `$1` limit, `$2` now. */
export function selectExpiredInstances(limit: number, now: Date, excludeActiveExecutions: boolean): SqlQuery {
  const activeExecutionFilter = excludeActiveExecutions
    ? `
  AND NOT EXISTS (
    SELECT 1
    FROM workflow_executions
    WHERE workflow_executions.workflow_instance_uuid = workflow_instances.uuid
      AND workflow_executions.status IN ('pending', 'running', 'parked')
  )`
    : "";
  return {
    text: `SELECT *
FROM workflow_instances
WHERE expires_at IS NOT NULL
  AND expires_at < $2
  AND timeout_parked_at IS NULL
  AND (timeout_retry_at IS NULL OR timeout_retry_at < $2)
  AND coalesce(timeout_retry_at, expires_at) < $2${activeExecutionFilter}
ORDER BY coalesce(timeout_retry_at, expires_at)
FOR UPDATE SKIP LOCKED
LIMIT $1`,
    values: [limit, now],
  };
}

/**
 * Instances of a workflow resting in a state and matching the filter, ascending by uuid after a key, claimed
 * with FOR UPDATE SKIP LOCKED. Null parameters switch their filter off.
 */
export function claimInState(input: ClaimInStateInput): SqlQuery {
  const activeExecutionFilter = input.excludeActiveExecutions
    ? `
  AND NOT EXISTS (
    SELECT 1
    FROM workflow_executions
    WHERE workflow_executions.workflow_instance_uuid = workflow_instances.uuid
      AND workflow_executions.status IN ('pending', 'running', 'parked')
  )`
    : "";
  const where = input.where ?? {};
  return {
    text: `SELECT *
FROM workflow_instances
WHERE workflow_name = $1
  AND current_state = $2
  AND ($3::uuid IS NULL OR uuid > $3::uuid)
  AND ($4::jsonb IS NULL OR context_json @> $4::jsonb)
  AND ($5::jsonb IS NULL OR metadata_json @> $5::jsonb)
  AND ($6::timestamptz IS NULL OR last_transition_at < $6)${activeExecutionFilter}
ORDER BY uuid
LIMIT $7
FOR UPDATE SKIP LOCKED`,
    values: [
      input.workflowName,
      input.state,
      input.afterUuid ?? null,
      where.context === undefined ? null : JSON.stringify(where.context),
      where.metadata === undefined ? null : JSON.stringify(where.metadata),
      where.lastTransitionBefore ?? null,
      input.limit,
    ],
  };
}

/** Parked timeouts, oldest parked first, optionally for one workflow. */
export function selectParkedTimeouts(limit: number, workflowName: string | undefined): SqlQuery {
  return {
    text: `SELECT *
FROM workflow_instances
WHERE timeout_parked_at IS NOT NULL
  AND ($2::text IS NULL OR workflow_name = $2)
ORDER BY timeout_parked_at, uuid
LIMIT $1`,
    values: [limit, workflowName ?? null],
  };
}

/** Count of instances stamped with a version, minus excluded states. */
export function countInstances(
  workflowName: string,
  definitionVersion: number,
  excludeStates: string[],
): SqlQuery {
  return {
    text: `SELECT count(*)::int AS count
FROM workflow_instances
WHERE workflow_name = $1
  AND definition_version = $2
  AND NOT (current_state = ANY($3::text[]))`,
    values: [workflowName, definitionVersion, excludeStates],
  };
}

/** Input of {@link selectInstanceUuids}. */
export interface InstanceUuidPage {
  workflowName: string;
  definitionVersion: number;
  limit: number;
  afterUuid?: string;
  states?: string[];
  excludeStates?: string[];
}

/** A page of instance uuids in uuid order (keyset paging after `afterUuid`). */
export function selectInstanceUuids(page: InstanceUuidPage): SqlQuery {
  return {
    text: `SELECT uuid
FROM workflow_instances
WHERE workflow_name = $1
  AND definition_version = $2
  AND ($3::uuid IS NULL OR uuid > $3::uuid)
  AND ($5::text[] IS NULL OR current_state = ANY($5))
  AND ($6::text[] IS NULL OR NOT (current_state = ANY($6)))
ORDER BY uuid
LIMIT $4`,
    values: [
      page.workflowName,
      page.definitionVersion,
      page.afterUuid ?? null,
      page.limit,
      page.states ?? null,
      page.excludeStates ?? null,
    ],
  };
}
