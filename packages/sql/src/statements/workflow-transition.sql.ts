import type { DurableWorkflowExecution, WorkflowHistoryRecord, WorkflowInstance } from "@duraflows/core";
import type { SqlQuery } from "../sql-query.js";
import { insertHistory } from "./workflow-history.sql.js";
import { updateInstance } from "./workflow-instances.sql.js";
import { updateExecution } from "./workflow-executions.sql.js";

const HISTORY_COLUMNS = `workflow_instance_uuid, from_state, event_name, to_state, outcome, error_message, rejected_by,
  command_results_json, trigger_metadata_json, definition_version`;

/** The history INSERT ($14..$23) of one state entry, reading the `updated` CTE. */
const HISTORY_FROM_UPDATED = `INSERT INTO workflow_history (
  ${HISTORY_COLUMNS}
)
SELECT $14::uuid, $15::text, $16::text, $17::text, $18::text, $19::text, $20::text, $21::jsonb, $22::jsonb, $23::integer
FROM updated
RETURNING uuid`;

/*
 * One state entry in one round trip: the optimistic UPDATE of updateInstance (same $1..$13, same version guard)
 * as a data-modifying CTE, and the history INSERT of insertHistory ($14..$23) reading from it. When the version
 * guard matches no row, `updated` is empty, nothing is inserted and no row is returned: the caller raises the
 * optimistic-locking error exactly as `update` does. Both writes see the same snapshot and commit or roll back
 * together, like the two statements they replace. Casts are explicit because INSERT … SELECT does not infer
 * parameter types from the target columns. No lock of its own: the runtime holds the row lock (lockByUuid).
 */
/** UPDATE of the instance (version-guarded) plus INSERT of its history row, `RETURNING uuid` of the row. */
export function updateInstanceWithHistory(
  instance: WorkflowInstance,
  record: WorkflowHistoryRecord,
): SqlQuery {
  const update = updateInstance(instance);
  return {
    text: `${updatedCte(update.text)}
${HISTORY_FROM_UPDATED}`,
    values: [...update.values, ...insertHistory(record).values],
  };
}

/** The `updated` CTE: updateInstance's UPDATE, returning the row's uuid when the version guard matched. */
function updatedCte(updateText: string): string {
  return `WITH updated AS (
${updateText}
RETURNING uuid
)`;
}

/*
 * A durable execution's finishing write in one round trip instead of two: the two writes of
 * updateInstanceWithHistory ($1..$23), then the revision-guarded UPDATE of updateExecution ($24..$30), which
 * writes the new history row's uuid into the record's `result.historyUuid` (sent as a placeholder, since the
 * database generates the uuid). It runs in the worker's owned transaction, which already holds the instance and
 * execution row locks. Returns the history row's uuid and whether the execution row was written; no row when
 * the instance's version guard matched nothing (then nothing at all was written).
 */
/** updateInstanceWithHistory, then updateExecution with the history row's uuid as `result.historyUuid`. */
export function updateInstanceWithHistoryAndExecution(
  instance: WorkflowInstance,
  record: WorkflowHistoryRecord,
  execution: DurableWorkflowExecution,
): SqlQuery {
  const update = updateInstance(instance);
  const saved = updateExecution(execution);
  return {
    text: `${updatedCte(update.text)}, inserted AS (
${HISTORY_FROM_UPDATED}
), saved AS (
UPDATE workflow_executions
SET status = $25::text,
  available_at = $26::timestamptz,
  lease_until = $27::timestamptz,
  revision = $28::integer,
  execution_json = jsonb_set($30::jsonb, '{result,historyUuid}', to_jsonb(inserted.uuid::text))
FROM inserted
WHERE workflow_executions.uuid = $24::uuid
  AND workflow_executions.revision = $29::integer
RETURNING workflow_executions.uuid
)
SELECT inserted.uuid, EXISTS (SELECT 1 FROM saved) AS saved
FROM inserted`,
    values: [...update.values, ...insertHistory(record).values, ...saved.values],
  };
}
