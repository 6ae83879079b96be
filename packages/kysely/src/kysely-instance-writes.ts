import { WorkflowError, type WorkflowHistoryRecord, type WorkflowInstance } from "@duraflows/core";
import type { Kysely, QueryCreator } from "kysely";
import type { WorkflowDatabase } from "./kysely-database.js";

type WorkflowKysely = Kysely<WorkflowDatabase>;

/**
 * The optimistic-locking failure of an instance write whose version guard matched no row.
 *
 * @internal
 */
export function optimisticLockingError(uuid: string, expectedVersion: number): WorkflowError {
  return new WorkflowError(
    `Optimistic locking failure: workflow instance "${uuid}" was modified concurrently (expected version ${expectedVersion})`,
  );
}

/**
 * The columns `update` writes (never `metadata_json`).
 *
 * @internal
 */
export function instanceUpdateColumns(instance: WorkflowInstance) {
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

/*
 * One state entry in one round trip: the version-guarded UPDATE as a data-modifying CTE and the history
 * INSERT … SELECT reading from it. A version mismatch leaves `updated` empty, so nothing is inserted and no
 * row comes back; the caller raises the optimistic-locking error. Casts are explicit because INSERT … SELECT
 * does not infer parameter types from the target columns. No lock of its own: the runtime holds lockByUuid's.
 */
/**
 * Writes `instance` (version-guarded) and appends `record`; the new row's uuid, or `undefined` when the
 * version guard matched no row.
 *
 * @internal
 */
export async function updateInstanceWithHistory(
  executor: WorkflowKysely,
  instance: WorkflowInstance,
  record: WorkflowHistoryRecord,
): Promise<string | undefined> {
  const values = historyColumns(record);
  const row = await executor
    .with("updated", (db) => updateInstanceQuery(db, instance).returning("uuid"))
    .insertInto("workflow_history")
    .columns([
      "workflow_instance_uuid",
      "from_state",
      "event_name",
      "to_state",
      "outcome",
      "error_message",
      "rejected_by",
      "command_results_json",
      "trigger_metadata_json",
      "definition_version",
    ])
    .expression((eb) =>
      eb
        .selectFrom("updated")
        .select([
          eb.cast<string>(eb.val(values.workflow_instance_uuid), "uuid").as("workflow_instance_uuid"),
          eb.cast<string | null>(eb.val(values.from_state), "text").as("from_state"),
          eb.cast<string>(eb.val(values.event_name), "text").as("event_name"),
          eb.cast<string>(eb.val(values.to_state), "text").as("to_state"),
          eb.cast<string>(eb.val(values.outcome), "text").as("outcome"),
          eb.cast<string | null>(eb.val(values.error_message), "text").as("error_message"),
          eb.cast<string | null>(eb.val(values.rejected_by), "text").as("rejected_by"),
          eb.cast<string>(eb.val(values.command_results_json), "jsonb").as("command_results_json"),
          eb.cast<string>(eb.val(values.trigger_metadata_json), "jsonb").as("trigger_metadata_json"),
          eb.cast<number | null>(eb.val(values.definition_version), "integer").as("definition_version"),
        ]),
    )
    .returning("uuid")
    .executeTakeFirst();
  return row?.uuid;
}
