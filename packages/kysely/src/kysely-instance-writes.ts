import type { WorkflowHistoryRecord, WorkflowInstance } from "@duraflows/core";
import { named, updateInstanceWithHistory as updateInstanceWithHistoryQuery } from "@duraflows/sql";
import type { Kysely, QueryCreator } from "kysely";
import { compiledQuery } from "./compiled-query.js";
import type { WorkflowDatabase } from "./kysely-database.js";

type WorkflowKysely = Kysely<WorkflowDatabase>;

/**
 * The columns `update` writes (never `metadata_json`).
 *
 * @internal
 */
function instanceUpdateColumns(instance: WorkflowInstance) {
  return {
    current_state: instance.currentState,
    version: instance.version,
    expires_at: instance.expiresAt,
    last_transition_at: instance.lastTransitionAt,
    context_json: JSON.stringify(instance.context),
    updated_at: instance.updatedAt,
    definition_version: instance.definitionVersion,
    timeout_attempts: instance.timeoutRetry?.attempts ?? 0,
    timeout_retry_at: instance.timeoutRetry?.retryAt ?? null,
    timeout_last_error: instance.timeoutRetry?.lastError ?? null,
    timeout_parked_at: instance.timeoutRetry?.parkedAt ?? null,
  };
}

/**
 * The version-guarded UPDATE of one instance (not executed).
 *
 * @internal
 */
export function updateInstanceQuery(executor: QueryCreator<WorkflowDatabase>, instance: WorkflowInstance) {
  return executor
    .updateTable("workflow_instances")
    .set(instanceUpdateColumns(instance))
    .where("uuid", "=", instance.uuid)
    .where("version", "=", instance.version - 1);
}

/**
 * The history row's column values (JSON serialised; absent fields NULL).
 *
 * @internal
 */
export function historyColumns(record: WorkflowHistoryRecord) {
  return {
    workflow_instance_uuid: record.workflowInstanceUuid,
    from_state: record.fromState,
    event_name: record.eventName,
    to_state: record.toState,
    outcome: record.outcome,
    error_message: record.errorMessage ?? null,
    rejected_by: record.rejectedBy ?? null,
    command_results_json: JSON.stringify(record.commandResultsJson),
    trigger_metadata_json: JSON.stringify(record.triggerMetadata ?? {}),
    definition_version: record.definitionVersion ?? null,
  };
}

/**
 * Writes `instance` (version-guarded) and appends `record` in one statement, the same one @duraflows/pg runs;
 * the new row's uuid, or `undefined` when the version guard matched no row.
 *
 * @internal
 */
export async function updateInstanceWithHistory(
  executor: WorkflowKysely,
  instance: WorkflowInstance,
  record: WorkflowHistoryRecord,
): Promise<string | undefined> {
  const { rows } = await executor.executeQuery<{ uuid: string }>(
    compiledQuery(named("update_instance_with_history", updateInstanceWithHistoryQuery(instance, record))),
  );
  return rows[0]?.uuid;
}
