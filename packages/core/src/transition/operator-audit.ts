import { InvalidArgumentError } from "../errors/workflow-error.js";
import type { OperatorActionOptions } from "../model/operator-action-options.js";
import type { WorkflowInstance } from "../model/workflow-instance.js";
import type { WorkflowHistoryRecord } from "../model/workflow-history-record.js";
import { deepClone } from "../util/deep-clone.js";
import { assertStorableJson } from "../util/storable-json.js";

/** The reserved history event names of the operator actions, by action. @internal */
export const OPERATOR_AUDIT_EVENTS = {
  retryExecution: "$retried",
  cancelExecution: "$cancelled",
  rearmTimeout: "$rearmed",
} as const;

/** An operator action that may leave an audit row. @internal */
export type OperatorAction = keyof typeof OPERATOR_AUDIT_EVENTS;

/**
 * Validates and copies the options' trigger metadata before any work, so a bad value fails before the
 * transaction opens and later changes to the caller's object do not leak into the row. `undefined`: no audit.
 *
 * @internal
 */
export function auditMetadata(
  options: OperatorActionOptions | undefined,
): Record<string, unknown> | undefined {
  if (options === undefined) return undefined;
  if (typeof options !== "object" || options === null) {
    throw new InvalidArgumentError("options must be an object");
  }
  const metadata = options.triggerMetadata;
  if (metadata === undefined) return undefined;
  if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata)) {
    throw new InvalidArgumentError("triggerMetadata must be a plain object");
  }
  assertStorableJson(metadata, "triggerMetadata");
  return deepClone(metadata);
}

/**
 * The audit row of an operator action on `instance` (appended inside the action's transaction, with the
 * instance locked). The runtime's keys are written last so a caller cannot disguise the action.
 *
 * @internal
 */
export function operatorAuditRecord(
  action: OperatorAction,
  instance: WorkflowInstance,
  metadata: Record<string, unknown>,
  executionUuid?: string,
): WorkflowHistoryRecord {
  return {
    workflowInstanceUuid: instance.uuid,
    fromState: instance.currentState,
    eventName: OPERATOR_AUDIT_EVENTS[action],
    toState: instance.currentState,
    outcome: "success",
    commandResultsJson: [],
    triggerMetadata: {
      ...metadata,
      source: action,
      ...(executionUuid === undefined ? {} : { executionUuid }),
    },
    definitionVersion: instance.definitionVersion,
  };
}
