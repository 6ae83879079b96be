import {
  WAKE_CHANNEL,
  type ClaimOutboxInput,
  type NewWorkflowOutboxRecord,
  type OutboxFailure,
} from "@duraflows/core";
import type { SqlQuery } from "../sql-query.js";

/*
 * The outbox statements as plain text with `$n` placeholders. Every value is bound as text (dates as ISO
 * strings, uuid lists as a JSON array) and cast in SQL, so the statements behave the same on node-postgres
 * and on PGlite, whose parameter serialisers differ for dates and arrays.
 */

/** The columns every outbox read returns, in the order the stores' row mappers expect. */
export const OUTBOX_COLUMNS = `uuid, seq, observer_name, workflow_name, workflow_instance_uuid, event_json, status,
    attempts, available_at, last_error, created_at, delivered_at`;
const PREFIXED = OUTBOX_COLUMNS.replace(/(\w+)/g, "o.$1");

/** INSERT of a batch in array order, plus the `outbox` wake-up (sent on commit). */
export function insertOutboxRows(rows: readonly NewWorkflowOutboxRecord[]): SqlQuery {
  const payload = rows.map((row) => ({
    uuid: row.uuid,
    observer: row.observerName,
    workflow: row.workflowName,
    instance: row.workflowInstanceUuid,
    event: row.event,
    at: row.createdAt.toISOString(),
  }));
  return {
    text: `WITH inserted AS (
    INSERT INTO workflow_outbox
        (uuid, observer_name, workflow_name, workflow_instance_uuid, event_json, available_at, created_at)
    SELECT (r->>'uuid')::uuid, r->>'observer', r->>'workflow', (r->>'instance')::uuid, r->'event',
        (r->>'at')::timestamptz, (r->>'at')::timestamptz
    FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(r, n)
    ORDER BY n
    RETURNING 1
)
SELECT pg_notify('${WAKE_CHANNEL}', 'outbox') FROM (SELECT 1 FROM inserted LIMIT 1) AS any_row`,
    values: [JSON.stringify(payload)],
  };
}

/** Claims the due head of each (instance, observer) with `FOR UPDATE SKIP LOCKED` and leases it. */
export function claimOutboxRows(input: ClaimOutboxInput): SqlQuery {
  const { now, leaseUntil, limit, observerNames } = input;
  return {
    text: `WITH heads AS (
    SELECT DISTINCT ON (workflow_instance_uuid, observer_name) uuid
    FROM workflow_outbox
    WHERE status = 'pending'
      AND observer_name IN (SELECT jsonb_array_elements_text($4::jsonb))
    ORDER BY workflow_instance_uuid, observer_name, seq
), due AS (
    SELECT o.uuid
    FROM workflow_outbox o
    JOIN heads h ON h.uuid = o.uuid
    WHERE o.status = 'pending'
      AND o.available_at <= $1::timestamptz
    ORDER BY o.seq
    LIMIT $3::integer
    FOR UPDATE OF o SKIP LOCKED
)
UPDATE workflow_outbox AS o
SET attempts = o.attempts + 1, available_at = $2::timestamptz
FROM due
WHERE o.uuid = due.uuid
RETURNING ${PREFIXED}`,
    values: [now.toISOString(), leaseUntil.toISOString(), String(limit), JSON.stringify(observerNames)],
  };
}

/** Marks pending rows delivered. */
export function markOutboxDelivered(uuids: readonly string[], at: Date): SqlQuery {
  return {
    text: `UPDATE workflow_outbox SET status = 'delivered', delivered_at = $2::timestamptz
WHERE uuid IN (SELECT value::uuid FROM jsonb_array_elements_text($1::jsonb)) AND status = 'pending'`,
    values: [JSON.stringify(uuids), at.toISOString()],
  };
}

/** Records a failed attempt of the claim that set `attempts`: retry at `retryAt`, or park. */
export function markOutboxFailed(failure: OutboxFailure): SqlQuery {
  const { uuid, attempts, error, retryAt } = failure;
  return {
    text: `UPDATE workflow_outbox
SET last_error = $3,
    status = CASE WHEN $4::timestamptz IS NULL THEN 'parked' ELSE status END,
    available_at = COALESCE($4::timestamptz, available_at)
WHERE uuid = $1::uuid AND status = 'pending' AND attempts = $2::integer`,
    values: [uuid, String(attempts), error, retryAt === null ? null : retryAt.toISOString()],
  };
}

/** Rows oldest first, by optional status and instance. */
export function selectOutboxRows(input: {
  status?: string;
  workflowInstanceUuid?: string;
  limit: number;
}): SqlQuery {
  const status = input.status ?? null;
  const instance = input.workflowInstanceUuid ?? null;
  const limit = input.limit;
  return {
    text: `SELECT ${OUTBOX_COLUMNS}
FROM workflow_outbox
WHERE ($1::text IS NULL OR status = $1::text)
  AND ($2::uuid IS NULL OR workflow_instance_uuid = $2::uuid)
ORDER BY seq
LIMIT $3::integer`,
    values: [status, instance, String(limit)],
  };
}

/** Back to pending, due now, zero attempts. */
export function redeliverOutboxRow(uuid: string, now: Date): SqlQuery {
  return {
    text: `UPDATE workflow_outbox
SET status = 'pending', attempts = 0, available_at = $2::timestamptz, delivered_at = NULL
WHERE uuid = $1::uuid
RETURNING ${OUTBOX_COLUMNS}`,
    values: [uuid, now.toISOString()],
  };
}

/** Deletes up to `limit` rows delivered before `before`, skipping rows other transactions hold. */
export function deleteDeliveredOutboxRows(before: Date, limit: number): SqlQuery {
  return {
    text: `DELETE FROM workflow_outbox
WHERE uuid IN (
    SELECT uuid FROM workflow_outbox
    WHERE status = 'delivered' AND delivered_at < $1::timestamptz
    ORDER BY delivered_at
    LIMIT $2::integer
    FOR UPDATE SKIP LOCKED
)`,
    values: [before.toISOString(), String(limit)],
  };
}
