import type { DurableWorkflowExecution } from "@duraflows/core";
import { INSTANCE_COLUMNS } from "./workflow-instances.sql.js";
import type { SqlQuery } from "../sql-query.js";

/*
 * The partial unique index workflow_executions_active_idx turns a second active execution for one instance
 * into a unique violation, even when two enqueues race on different connections.
 */
/** INSERT of a new execution; the whole record is stored as execution_json. */
export function insertExecution(execution: DurableWorkflowExecution): SqlQuery {
  return {
    text: `INSERT INTO workflow_executions (
  uuid, workflow_instance_uuid, idempotency_key, status, available_at, lease_until, revision, execution_json
)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    values: [
      execution.uuid,
      execution.workflowInstanceUuid,
      execution.idempotencyKey,
      execution.status,
      execution.availableAt,
      execution.leaseUntil,
      execution.revision,
      JSON.stringify(execution),
    ],
  };
}

/*
 * Optimistic concurrency on `revision` instead of a row lock: workers coordinate through leases, and a worker
 * whose lease was taken over must lose its write, which the revision check guarantees (the caller sees the
 * conflict and reports the lease as lost).
 */
/** UPDATE guarded by the previous revision ($5 − 1 = $6). */
export function updateExecution(execution: DurableWorkflowExecution): SqlQuery {
  return {
    text: `UPDATE workflow_executions
SET status = $2,
  available_at = $3,
  lease_until = $4,
  revision = $5,
  execution_json = $7
WHERE uuid = $1
  AND revision = $6`,
    values: [
      execution.uuid,
      execution.status,
      execution.availableAt,
      execution.leaseUntil,
      execution.revision,
      execution.revision - 1,
      JSON.stringify(execution),
    ],
  };
}

/** One execution by uuid. */
export function selectExecutionByUuid(uuid: string): SqlQuery {
  return {
    text: `SELECT execution_json
FROM workflow_executions
WHERE uuid = $1`,
    values: [uuid],
  };
}

/** One execution by (instance, idempotency key). */
export function selectExecutionByKey(workflowInstanceUuid: string, key: string): SqlQuery {
  return {
    text: `SELECT execution_json
FROM workflow_executions
WHERE workflow_instance_uuid = $1
  AND idempotency_key = $2`,
    values: [workflowInstanceUuid, key],
  };
}

/** The active (pending/running/parked) execution of an instance; at most one by the unique index. */
export function selectActiveExecution(workflowInstanceUuid: string): SqlQuery {
  return {
    text: `SELECT execution_json
FROM workflow_executions
WHERE workflow_instance_uuid = $1
  AND status IN ('pending', 'running', 'parked')`,
    values: [workflowInstanceUuid],
  };
}

/*
 * findByKey and findActive in one round trip for enqueueEvent, which holds the instance lock, so nothing can
 * change between the two reads it replaces. At most two rows (one when the keyed execution is the active one).
 */
/** The execution of `($1, $2)` and the active execution of `$1`, flagged `by_key` / `active`. */
export function selectExecutionByKeyOrActive(workflowInstanceUuid: string, key: string): SqlQuery {
  return {
    text: `SELECT execution_json, idempotency_key = $2 AS by_key, status IN ('pending', 'running', 'parked') AS active
FROM workflow_executions
WHERE workflow_instance_uuid = $1
  AND (idempotency_key = $2 OR status IN ('pending', 'running', 'parked'))`,
    values: [workflowInstanceUuid, key],
  };
}

/** Distinct instances among `$1` that own an active (pending/running/parked) execution. */
export function selectInstancesWithActiveExecutions(workflowInstanceUuids: readonly string[]): SqlQuery {
  return {
    text: `SELECT DISTINCT workflow_instance_uuid
FROM workflow_executions
WHERE workflow_instance_uuid = ANY($1::uuid[])
  AND status IN ('pending', 'running', 'parked')`,
    values: [[...workflowInstanceUuids]],
  };
}

/*
 * Deliberately unlocked: the result is only a hint of what may be due. Each worker then claims one execution
 * in its own transaction (instance row lock, lease check, revision-guarded update), so two workers that read
 * the same row cannot both run it; locking here would only hold rows across the whole batch. Served by
 * workflow_executions_due_idx (available_at, uuid) WHERE status IN ('pending', 'running').
 */
/** Pending/running executions available at `$2` with no live lease, by availability then uuid. */
export function selectDueExecutions(limit: number, now: Date): SqlQuery {
  return {
    text: `SELECT execution_json
FROM workflow_executions
WHERE status IN ('pending', 'running')
  AND available_at <= $2
  AND (lease_until IS NULL OR lease_until <= $2)
ORDER BY available_at, uuid
LIMIT $1`,
    values: [limit, now],
  };
}

/** Distinct instances stamped with a version (state not excluded) or owning an active execution of it. */
export function countInstancesUsingDefinition(
  workflowName: string,
  definitionVersion: number,
  excludeStates: string[],
): SqlQuery {
  return {
    text: `SELECT count(*) AS count
FROM (
  SELECT uuid AS instance_uuid
  FROM workflow_instances
  WHERE workflow_name = $1
    AND definition_version = $2
    AND NOT (current_state = ANY($3::text[]))
  UNION
  SELECT workflow_instance_uuid AS instance_uuid
  FROM workflow_executions
  WHERE status IN ('pending', 'running', 'parked')
    AND execution_json ->> 'workflowName' = $1
    AND coalesce((execution_json #>> '{definition,version}')::integer, 1) = $2
) AS users`,
    values: [workflowName, definitionVersion, excludeStates],
  };
}

/*
 * The batch claim. `due` locks the due executions and their instances with SKIP LOCKED, so concurrent workers
 * take disjoint batches instead of all reading the same head of the queue, and an instance held by another
 * transaction (a cancel, a retry, an owned step) is passed over as the one-by-one claim would wait for it.
 * Everything after `due` reads the locked row versions through it, never the table again: a row updated after
 * the statement's snapshot is locked in its newest version, and only `due` sees that version. Executions at the
 * attempt limit or whose instance changed are returned unleased for the runtime to park. Values are bound as
 * text (ISO dates) so the statement behaves the same on node-postgres and PGlite.
 */
/** Claims and leases up to `$1` due executions in one statement; `claimed` is false for the unleased ones. */
export function claimDueExecutions(limit: number, now: Date): SqlQuery {
  return {
    text: `WITH due AS (
    SELECT e.uuid, e.available_at, e.revision, e.execution_json AS doc, i.version AS instance_version
    FROM workflow_executions e
    JOIN workflow_instances i ON i.uuid = e.workflow_instance_uuid
    WHERE e.status IN ('pending', 'running')
      AND e.available_at <= $2::timestamptz
      AND (e.lease_until IS NULL OR e.lease_until <= $2::timestamptz)
    ORDER BY e.available_at, e.uuid
    LIMIT $1::integer
    FOR UPDATE OF e, i SKIP LOCKED
), leasable AS (
    SELECT uuid, doc, revision + 1 AS revision, gen_random_uuid()::text AS lease_token,
        $2::timestamptz + (doc #>> '{policy,leaseDurationMs}')::bigint * interval '1 millisecond' AS lease_until
    FROM due
    WHERE (doc ->> 'attempts')::integer < (doc #>> '{policy,maxAttempts}')::integer
      AND (doc ->> 'instanceVersion')::integer = instance_version
), claimed AS (
    UPDATE workflow_executions e
    SET status = 'running',
        lease_until = l.lease_until,
        revision = l.revision,
        execution_json = l.doc || jsonb_build_object(
            'status', 'running',
            'revision', l.revision,
            'attempts', (l.doc ->> 'attempts')::integer + 1,
            'leaseToken', l.lease_token,
            'leaseUntil', to_char(l.lease_until AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
            'updatedAt', $3::text
        )
    FROM leasable l
    WHERE e.uuid = l.uuid
    RETURNING e.uuid, e.execution_json
)
SELECT coalesce(c.execution_json, d.doc) AS execution_json, c.uuid IS NOT NULL AS claimed
FROM due d
LEFT JOIN claimed c ON c.uuid = d.uuid
ORDER BY d.available_at, d.uuid`,
    values: [String(limit), now.toISOString(), now.toISOString()],
  };
}

/*
 * The owned transaction's first step in one round trip: lockInstanceByUuid, then the execution. The execution
 * row is locked too, so it is returned in its newest committed version even when the statement waited for the
 * instance lock (READ COMMITTED re-fetches locked rows after a wait; an unlocked read would see the snapshot
 * taken before it). The sub-select refers to `inst`, which makes it a correlated sub-plan run after the instance
 * row is locked: the instance-then-execution lock order of every other path is kept. An absent instance or
 * execution comes back as NULL columns.
 */
/** The instance `$1` locked `FOR UPDATE` (NULL columns when absent) and the execution `$2`, also locked. */
export function lockInstanceAndSelectExecution(
  workflowInstanceUuid: string,
  executionUuid: string,
): SqlQuery {
  return {
    text: `WITH inst AS (
    SELECT ${INSTANCE_COLUMNS}
    FROM workflow_instances
    WHERE uuid = $1
    FOR UPDATE
)
SELECT inst.*, (
    SELECT e.execution_json
    FROM workflow_executions e
    WHERE e.uuid = $2
      AND inst.uuid IS NOT DISTINCT FROM inst.uuid
    FOR UPDATE
) AS execution_json
FROM (VALUES (1)) AS one (x)
LEFT JOIN inst ON true`,
    values: [workflowInstanceUuid, executionUuid],
  };
}

/*
 * The two enqueue statements below share their read of the key and the active execution ($2, $3) and the
 * INSERT … SELECT of insertExecution's values ($1..$8, cast because INSERT … SELECT does not infer them).
 */
const FOUND_KEYED_OR_ACTIVE = `SELECT execution_json, idempotency_key = $3 AS by_key, status IN ('pending', 'running', 'parked') AS active
    FROM workflow_executions
    WHERE workflow_instance_uuid = $2
      AND (idempotency_key = $3 OR status IN ('pending', 'running', 'parked'))`;
const INSERT_EXECUTION_SELECT = `INSERT INTO workflow_executions (
      uuid, workflow_instance_uuid, idempotency_key, status, available_at, lease_until, revision, execution_json
    )
    SELECT $1::uuid, $2::uuid, $3::text, $4::text, $5::timestamptz, $6::timestamptz, $7::integer, $8::jsonb`;

/*
 * enqueueEvent's read and insert in one round trip, under the instance lock it already holds (taken by an
 * earlier statement, so this statement's snapshot sees every execution committed by earlier lock holders).
 * `found` is selectExecutionByKeyOrActive; the INSERT of insertExecution runs only when it found nothing, so a
 * replayed key or a busy instance writes nothing. The unique constraints still stop a writer that skipped the
 * lock. Casts are explicit because INSERT … SELECT does not infer parameter types from the target columns.
 */
/** Inserts `execution` unless its key or an active execution exists; returns those, flagged as in `selectExecutionByKeyOrActive`. */
export function insertExecutionUnlessTaken(execution: DurableWorkflowExecution): SqlQuery {
  const insert = insertExecution(execution);
  return {
    text: `WITH found AS (
    ${FOUND_KEYED_OR_ACTIVE}
), created AS (
    ${INSERT_EXECUTION_SELECT}
    WHERE NOT EXISTS (SELECT 1 FROM found)
)
SELECT execution_json, by_key, active
FROM found`,
    values: insert.values,
  };
}

/*
 * enqueueEvent's optimistic acceptance in one autocommitted round trip, with no lock held beforehand. The
 * instance row is locked here, as lockInstanceByUuid would lock it, and only while its version is still the one
 * the record was built from: after waiting for a concurrent writer READ COMMITTED re-checks the version on the
 * newest row, so a transition committed in the meantime leaves `inst` empty and nothing is inserted. `found` is
 * read from the statement's snapshot, which may predate a concurrent enqueue that committed while this statement
 * waited for the lock; the unique indexes (one active execution per instance, one row per key) catch that insert
 * and ON CONFLICT DO NOTHING turns it into "nothing written", which the caller treats like a version conflict
 * (it runs the locking path, which sees the committed row). The found rows come back flagged as in
 * `selectExecutionByKeyOrActive`, then one row with `created` true when the insert ran.
 */
/**
 * Inserts `execution` unless its key or an active execution exists, and only while instance
 * `execution.workflowInstanceUuid` is at `execution.instanceVersion` (locked `FOR UPDATE` meanwhile).
 */
export function insertExecutionAtInstanceVersion(execution: DurableWorkflowExecution): SqlQuery {
  const insert = insertExecution(execution);
  return {
    text: `WITH inst AS (
    SELECT uuid
    FROM workflow_instances
    WHERE uuid = $2 AND version = $9
    FOR UPDATE
), found AS (
    ${FOUND_KEYED_OR_ACTIVE}
), created AS (
    ${INSERT_EXECUTION_SELECT}
    FROM inst
    WHERE NOT EXISTS (SELECT 1 FROM found)
    ON CONFLICT DO NOTHING
    RETURNING uuid
)
SELECT execution_json, by_key, active, false AS created FROM found
UNION ALL
SELECT NULL::jsonb, false, false, true FROM created`,
    values: [...insert.values, execution.instanceVersion],
  };
}
