import type { WorkflowHistoryRecord, WorkflowInstance } from "@duraflows/core";
import type { SqlQuery } from "../sql-query.js";
import { insertHistory } from "./workflow-history.sql.js";
import { updateInstance } from "./workflow-instances.sql.js";

const HISTORY_COLUMNS = `workflow_instance_uuid, from_state, event_name, to_state, outcome, error_message, rejected_by,
  command_results_json, trigger_metadata_json, definition_version`;

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
  const history = insertHistory(record);
  return {
    text: `WITH updated AS (
${update.text}
RETURNING uuid
)
INSERT INTO workflow_history (
  ${HISTORY_COLUMNS}
)
SELECT $14::uuid, $15::text, $16::text, $17::text, $18::text, $19::text, $20::text, $21::jsonb, $22::jsonb, $23::integer
FROM updated
RETURNING uuid`,
    values: [...update.values, ...history.values],
  };
}
