import type { WorkflowHistoryRecord } from "@duraflows/core";
import type { SqlQuery } from "../sql-query.js";

/** INSERT of one history row; the uuid and created_at are assigned by the database. */
export function insertHistory(record: WorkflowHistoryRecord): SqlQuery {
  return {
    text: `INSERT INTO workflow_history (
  workflow_instance_uuid, from_state, event_name, to_state, outcome, error_message, rejected_by,
  command_results_json, trigger_metadata_json, definition_version
)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
RETURNING uuid`,
    values: [
      record.workflowInstanceUuid,
      record.fromState,
      record.eventName,
      record.toState,
      record.outcome,
      record.errorMessage ?? null,
      record.rejectedBy ?? null,
      JSON.stringify(record.commandResultsJson),
      JSON.stringify(record.triggerMetadata ?? {}),
      record.definitionVersion ?? null,
    ],
  };
}

/*
 * created_at is now() of the writing transaction, so the rows of one multi-hop transition tie on it; seq (an
 * identity column) is assigned at insert and never ties, so it is the exact write order. Served by
 * workflow_history_instance_seq_idx (workflow_instance_uuid, seq DESC).
 */
/** One page of an instance's history, newest first (`seq DESC`). */
export function selectHistoryByInstance(
  workflowInstanceUuid: string,
  limit: number,
  offset: number,
): SqlQuery {
  return {
    text: `SELECT *
FROM workflow_history
WHERE workflow_instance_uuid = $1
ORDER BY seq DESC
LIMIT $2
OFFSET $3`,
    values: [workflowInstanceUuid, limit, offset],
  };
}
