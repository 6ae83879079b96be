import {
  WAKE_CHANNEL,
  type ClaimOutboxInput,
  type NewWorkflowOutboxRecord,
  type OutboxFailure,
} from "@duraflows/core";
import type { SqlQuery } from "../sql-query.js";

/** The columns every outbox read returns, in the order `toOutboxRecord` expects. */
export const OUTBOX_COLUMNS = `uuid, seq, observer_name, workflow_name, workflow_instance_uuid, event_json, status,
    attempts, available_at, last_error, created_at, delivered_at`;

/*
 * One statement for the whole batch: the rows travel as one JSON array and are inserted in array order (so
 * `seq` follows it), and the same statement queues a NOTIFY that PostgreSQL sends only on commit.
 */
/** INSERT of a batch of outbox rows, plus the `outbox` wake-up. */
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

/*
 * Only the oldest pending row of each (instance, observer) is a candidate: while it is pending (even leased by
 * another relay) the rows behind it are not heads, so the order holds with any number of relays. The
 * lease moves `available_at`, which also makes the row fail the re-check of a relay that raced for it.
 */
/** Claims due heads with `FOR UPDATE SKIP LOCKED`, counting the attempt and setting the lease. */
export function claimOutboxRows(input: ClaimOutboxInput): SqlQuery {
  return {
    text: `WITH heads AS (
    SELECT DISTINCT ON (workflow_instance_uuid, observer_name) uuid
    FROM workflow_outbox
    WHERE status = 'pending'
      AND observer_name = ANY($4::text[])
    ORDER BY workflow_instance_uuid, observer_name, seq
), due AS (
    SELECT o.uuid
    FROM workflow_outbox o
    JOIN heads h ON h.uuid = o.uuid
    WHERE o.status = 'pending'
      AND o.available_at <= $1
    ORDER BY o.seq
    LIMIT $3
    FOR UPDATE OF o SKIP LOCKED
)
UPDATE workflow_outbox AS o
SET attempts = o.attempts + 1, available_at = $2
FROM due
WHERE o.uuid = due.uuid
RETURNING ${OUTBOX_COLUMNS.replace(/(\w+)/g, "o.$1")}`,
    values: [input.now, input.leaseUntil, input.limit, input.observerNames],
  };
}

/** Marks pending rows delivered. */
export function markOutboxDelivered(uuids: readonly string[], at: Date): SqlQuery {
  return {
    text: `UPDATE workflow_outbox SET status = 'delivered', delivered_at = $2
WHERE uuid = ANY($1::uuid[]) AND status = 'pending'`,
    values: [uuids, at],
  };
}

/** Records a failed attempt of the claim that set `attempts`: retry at `retryAt`, or park (`NULL`). */
export function markOutboxFailed(failure: OutboxFailure): SqlQuery {
  return {
    text: `UPDATE workflow_outbox
SET last_error = $3,
    status = CASE WHEN $4::timestamptz IS NULL THEN 'parked' ELSE status END,
    available_at = COALESCE($4::timestamptz, available_at)
WHERE uuid = $1 AND status = 'pending' AND attempts = $2`,
    values: [failure.uuid, failure.attempts, failure.error, failure.retryAt],
  };
}

/** Rows oldest first, by optional status and instance. */
export function selectOutboxRows(input: {
  status?: string;
  workflowInstanceUuid?: string;
  limit: number;
}): SqlQuery {
  return {
    text: `SELECT ${OUTBOX_COLUMNS}
FROM workflow_outbox
WHERE ($1::text IS NULL OR status = $1)
  AND ($2::uuid IS NULL OR workflow_instance_uuid = $2)
ORDER BY seq
LIMIT $3`,
    values: [input.status ?? null, input.workflowInstanceUuid ?? null, input.limit],
  };
}

/** Back to pending, due at `$2`, with zero attempts. */
export function redeliverOutboxRow(uuid: string, now: Date): SqlQuery {
  return {
    text: `UPDATE workflow_outbox
SET status = 'pending', attempts = 0, available_at = $2, delivered_at = NULL
WHERE uuid = $1
RETURNING ${OUTBOX_COLUMNS}`,
    values: [uuid, now],
  };
}

/** Deletes up to `$2` rows delivered before `$1`, skipping rows other transactions hold. */
export function deleteDeliveredOutboxRows(before: Date, limit: number): SqlQuery {
  return {
    text: `DELETE FROM workflow_outbox
WHERE uuid IN (
    SELECT uuid FROM workflow_outbox
    WHERE status = 'delivered' AND delivered_at < $1
    ORDER BY delivered_at
    LIMIT $2
    FOR UPDATE SKIP LOCKED
)`,
    values: [before, limit],
  };
}
