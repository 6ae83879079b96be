import type { WorkflowInstance } from "../model/workflow-instance.js";
import type { WorkflowHistoryRecord } from "../model/workflow-history-record.js";

/** One bounded batch of history pruning, as the runtime asks a store for it. */
export interface HistoryPruneBatch {
  /** Only rows created before this instant; `null`: any age. */
  olderThan: Date | null;
  /** Only rows that have at least this many newer rows of the same instance (at least 1). */
  keepLast: number;
  /** Only rows of instances of this workflow; `null`: every workflow. */
  workflowName: string | null;
  /** At most this many rows. */
  limit: number;
}

/** One bounded batch of terminal-instance purging, as the runtime asks a store for it. */
export interface InstancePurgeBatch {
  workflowName: string;
  /** The workflow's terminal states: only instances resting in one of them are purged. */
  terminalStates: readonly string[];
  /** Only instances whose last transition happened before this instant. */
  terminalBefore: Date;
  /** At most this many instances. */
  limit: number;
}

/** One maintenance pass over a time-partitioned history table, as the runtime asks a store for it. */
export interface HistoryPartitionMaintenanceInput {
  /** Partitions to have ready ahead of the current one. */
  premake: number;
  /** Detach (and drop, unless `detachOnly`) every partition whose range ends at or before this instant. */
  dropBefore: Date | null;
  /** Detach old partitions but keep them as standalone tables (to archive them). */
  detachOnly: boolean;
}

/** What one partition maintenance pass did, by partition name. */
export interface HistoryPartitionMaintenanceResult {
  created: string[];
  detached: string[];
  dropped: string[];
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
   * Optional: {@link WorkflowHistoryStore.appendWithInstanceUpdate} as one atomic step that is also safe outside
   * a transaction (one SQL statement, autocommitted when no transaction is active), returning `null` instead of
   * throwing when the stored version is not `instance.version - 1` (then nothing is written). The runtime calls
   * it outside a transaction for command-less, guard-less events when the transaction runner declares
   * `autocommitEquivalent()` (see the `optimisticTransitions` runtime option).
   */
  appendWithInstanceUpdateAtomic?(
    instance: WorkflowInstance,
    record: WorkflowHistoryRecord,
  ): Promise<string | null>;
  /**
   * Optional: appends `records` in order, as {@link WorkflowHistoryStore.append} would one by one, and returns
   * their uuids in the same order (an empty input appends nothing). Called inside a transaction by the
   * timeout sweep's batch path (together with `WorkflowInstanceStore.updateMany`).
   */
  appendMany?(records: readonly WorkflowHistoryRecord[]): Promise<string[]>;
  /**
   * Optional retention capability: deletes up to `batch.limit` rows matching the batch (never an instance's
   * newest row, since `keepLast` is at least 1) and returns how many it deleted. Rows another transaction holds
   * are skipped, not waited for. Called inside a transaction by `WorkflowRuntime.pruneHistory`.
   */
  pruneHistoryBatch?(batch: HistoryPruneBatch): Promise<number>;
  /** Optional: how many rows {@link WorkflowHistoryStore.pruneHistoryBatch} would delete without a limit. */
  countPrunableHistory?(batch: Omit<HistoryPruneBatch, "limit">): Promise<number>;
  /**
   * Optional retention capability: deletes up to `batch.limit` instances resting in a terminal state since
   * before `batch.terminalBefore`, with their history, idempotency receipts and durable executions, and returns
   * how many instances it deleted. Instances another transaction holds are skipped, not waited for. Called
   * inside a transaction by `WorkflowRuntime.purgeInstances`.
   */
  purgeInstancesBatch?(batch: InstancePurgeBatch): Promise<number>;
  /** Optional: how many instances {@link WorkflowHistoryStore.purgeInstancesBatch} would delete without a limit. */
  countPurgeableInstances?(batch: Omit<InstancePurgeBatch, "limit">): Promise<number>;
  /**
   * Optional capability of a time-partitioned history table: creates the partitions up to `input.premake`
   * ahead and detaches or drops those older than `input.dropBefore`, never losing an existing instance's newest
   * row. Called outside a transaction by `WorkflowRuntime.maintainHistoryPartitions`.
   */
  maintainHistoryPartitions?(
    input: HistoryPartitionMaintenanceInput,
  ): Promise<HistoryPartitionMaintenanceResult>;
  /**
   * Newest first in exact write order, rows of one transaction included (the SQL adapters sort by their
   * `seq` identity column); defaults limit 50, offset 0.
   */
  findByInstanceUuid(
    uuid: string,
    options?: { limit?: number; offset?: number },
  ): Promise<WorkflowHistoryRecord[]>;
}
