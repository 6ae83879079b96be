import type { WorkflowExecutionResult, WorkflowIdempotencyReservation } from "@duraflows/core";
import type { SqlQuery } from "../sql-query.js";

/** One receipt by (instance, key). Keys compare byte-exactly (`COLLATE "C"` columns). */
export function selectReceipt(workflowInstanceUuid: string, key: string): SqlQuery {
  return {
    text: `SELECT *
FROM workflow_event_idempotency
WHERE workflow_instance_uuid = $1
  AND idempotency_key = $2`,
    values: [workflowInstanceUuid, key],
  };
}

/*
 * A plain INSERT, never an upsert: a duplicate key raises the primary-key violation, which is how a second
 * reservation is refused. The runtime reserves while holding the instance row lock, so two keyed calls on one
 * instance cannot race here.
 */
/** INSERT of a reservation (no result yet). */
export function insertReservation(reservation: WorkflowIdempotencyReservation): SqlQuery {
  return {
    text: `INSERT INTO workflow_event_idempotency (workflow_instance_uuid, idempotency_key, event_name, fingerprint)
VALUES ($1, $2, $3, $4)`,
    values: [
      reservation.workflowInstanceUuid,
      reservation.key,
      reservation.eventName,
      reservation.fingerprint ?? null,
    ],
  };
}

/** Stores the result of a reservation still open (`result_json IS NULL`); results are immutable. */
export function completeReservation(
  workflowInstanceUuid: string,
  key: string,
  result: WorkflowExecutionResult,
): SqlQuery {
  return {
    text: `UPDATE workflow_event_idempotency
SET result_json = $3
WHERE workflow_instance_uuid = $1
  AND idempotency_key = $2
  AND result_json IS NULL`,
    values: [workflowInstanceUuid, key, JSON.stringify(result)],
  };
}
