import { copyField } from "../util/deep-clone.js";
import type { WorkflowInstance } from "../model/workflow-instance.js";

/**
 * An independent copy of an instance row, field by field: every object in it is new, none shared with the row
 * or between two of its fields. Much cheaper than one generic deep clone of the row, and a row is copied on
 * every lock, write and read.
 *
 * @internal
 */
export function copyInstance(row: WorkflowInstance): WorkflowInstance {
  return {
    uuid: row.uuid,
    workflowName: row.workflowName,
    currentState: row.currentState,
    version: row.version,
    definitionVersion: row.definitionVersion,
    expiresAt: copyField(row.expiresAt),
    timeoutRetry: copyField(row.timeoutRetry),
    lastTransitionAt: copyField(row.lastTransitionAt),
    context: copyField(row.context),
    metadata: copyField(row.metadata),
    createdAt: copyField(row.createdAt),
    updatedAt: copyField(row.updatedAt),
  };
}
