import type { CommandResult, WorkflowInstance } from "../runtime/types.js";

/** One audit row. Rows carry no `uuid` field in this shape; `append` returns it. */
export interface WorkflowHistoryRecord {
  workflowInstanceUuid: string;
  fromState: string | null;
  eventName: string;
  toState: string;
  outcome: "success" | "failure" | "guard-rejected";
  errorMessage?: string;
  rejectedBy?: string;
  commandResultsJson: CommandResult[];
  triggerMetadata?: Record<string, unknown>;
  definitionVersion?: number | null;
  /** Assigned by the store (the database) on append; present on read. */
  createdAt?: Date;
}

/**
 * Append-only audit history.
 *
 * The optional members are declared capabilities: the runtime uses them when present and falls back to
 * `WorkflowInstanceStore.update` / {@link WorkflowHistoryStore.append} otherwise, with the same results.
 */
export interface WorkflowHistoryStore {
  /** Appends a row and returns its generated uuid. */
  append(record: WorkflowHistoryRecord): Promise<string>;
  /**
   * Optional: writes `instance` exactly as `WorkflowInstanceStore.update(instance)` would (mutable fields only,
   * only if the stored version is `instance.version - 1`) and appends `record` in one step (e.g. one
   * data-modifying SQL statement), returning the new row's uuid. On a version mismatch nothing is appended and
   * it throws the instance store's optimistic-locking `WorkflowError` (same message as `update`).
   *
   * Implement it only when the history store writes to the same database, table and transaction as the
   * instance store it is paired with (a provider such as `pgWorkflowProviders` pairs them). Called inside a
   * transaction by the runtime, for every state entry that is followed by its history row.
   */
  appendWithInstanceUpdate?(instance: WorkflowInstance, record: WorkflowHistoryRecord): Promise<string>;
  /**
   * Optional: appends `records` in order, as {@link WorkflowHistoryStore.append} would one by one, and returns
   * their uuids in the same order (an empty input appends nothing). Called inside a transaction by the
   * timeout sweep's batch path (together with `WorkflowInstanceStore.updateMany`).
   */
  appendMany?(records: readonly WorkflowHistoryRecord[]): Promise<string[]>;
  /**
   * Newest first in exact write order, rows of one transaction included (the SQL adapters sort by their
   * `seq` identity column); defaults limit 50, offset 0.
   */
  findByInstanceUuid(
    uuid: string,
    options?: { limit?: number; offset?: number },
  ): Promise<WorkflowHistoryRecord[]>;
}
