import type { WorkflowInstance } from "@duraflows/core";

/*
 * The row mapping of `workflow_instances`, shared by the instance store and by the execution store's
 * lock-and-read (which returns the instance row the instance store's lockByUuid would).
 */

/** A `workflow_instances` row as `pg` returns it (timestamptz as Date, jsonb parsed). */
export interface InstanceRow {
  uuid: string;
  workflow_name: string;
  current_state: string;
  version: number;
  definition_version: number | null;
  expires_at: Date | null;
  last_transition_at: Date;
  context_json: Record<string, unknown>;
  metadata_json: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
  timeout_attempts: number | null;
  timeout_retry_at: Date | null;
  timeout_last_error: string | null;
  timeout_parked_at: Date | null;
}

/** A copy of a date column, or `null`. */
export const dateOrNull = (value: Date | null): Date | null => (value === null ? null : new Date(value));

/** The instance of a row (copies of the dates). */
export function toInstance(row: InstanceRow): WorkflowInstance {
  return {
    uuid: row.uuid,
    workflowName: row.workflow_name,
    currentState: row.current_state,
    version: row.version,
    definitionVersion: row.definition_version ?? null,
    expiresAt: dateOrNull(row.expires_at),
    timeoutRetry: row.timeout_attempts
      ? {
          attempts: row.timeout_attempts,
          lastError: row.timeout_last_error ?? "",
          retryAt: dateOrNull(row.timeout_retry_at),
          parkedAt: dateOrNull(row.timeout_parked_at),
        }
      : null,
    lastTransitionAt: new Date(row.last_transition_at),
    context: row.context_json,
    metadata: row.metadata_json,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}
