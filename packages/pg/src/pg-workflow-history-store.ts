import {
  type HistoryPartitionMaintenanceInput,
  type HistoryPartitionMaintenanceResult,
  type HistoryPruneBatch,
  type InstancePurgeBatch,
  WorkflowError,
  type WorkflowHistoryRecord,
  type WorkflowHistoryStore,
  type WorkflowInstance,
} from "@duraflows/core";
import type { Pool, PoolClient } from "pg";
import { maintainHistoryPartitions } from "./history-partitions.js";
import { PgTransactionContext } from "./pg-transaction-context.js";
import { storePools } from "./pg-store-pools.js";
import {
  countPrunableHistory,
  countPurgeableInstances,
  insertHistory,
  insertHistoryRows,
  named,
  optimisticLockingError,
  pruneHistoryBatch,
  purgeInstancesBatch,
  selectHistoryByInstance,
  type SqlQuery,
  updateInstance,
  updateInstanceWithHistory,
} from "@duraflows/sql";

/** A `workflow_history` row as `pg` returns it. */
interface HistoryRow {
  uuid: string;
  workflow_instance_uuid: string;
  from_state: string | null;
  event_name: string;
  to_state: string;
  outcome: WorkflowHistoryRecord["outcome"];
  error_message: string | null;
  rejected_by: string | null;
  command_results_json: WorkflowHistoryRecord["commandResultsJson"];
  trigger_metadata_json: Record<string, unknown>;
  definition_version: number | null;
  created_at: Date;
}

function toRecord(row: HistoryRow): WorkflowHistoryRecord {
  return {
    uuid: row.uuid,
    workflowInstanceUuid: row.workflow_instance_uuid,
    fromState: row.from_state,
    eventName: row.event_name,
    toState: row.to_state,
    outcome: row.outcome,
    errorMessage: row.error_message ?? undefined,
    rejectedBy: row.rejected_by ?? undefined,
    commandResultsJson: row.command_results_json,
    triggerMetadata: row.trigger_metadata_json,
    definitionVersion: row.definition_version ?? undefined,
    createdAt: new Date(row.created_at),
  };
}

/**
 * Append-only `WorkflowHistoryStore` on `workflow_history`; uuids and `createdAt` come from the database.
 * It declares `appendWithInstanceUpdate`, which writes `workflow_instances` on the same pool: pair it with a
 * `PgWorkflowInstanceStore` on that pool (as `pgWorkflowProviders` does), not with another instance store.
 */
export class PgWorkflowHistoryStore implements WorkflowHistoryStore {
  constructor(private readonly pool: Pool) {
    storePools.set(this, pool);
  }

  private executor(): Pool | PoolClient {
    return PgTransactionContext.getClient(this.pool) ?? this.pool;
  }

  /** Inserts the row and returns the uuid the database generated. */
  async append(record: WorkflowHistoryRecord): Promise<string> {
    const { rows } = await this.executor().query<{ uuid: string }>(
      named("insert_history", insertHistory(record)),
    );
    const uuid = rows[0]?.uuid;
    if (!uuid)
      throw new WorkflowError("Failed to append workflow history: INSERT ... RETURNING uuid returned no row");
    return uuid;
  }

  /**
   * `PgWorkflowInstanceStore.update(instance)` and `append(record)` as one statement (a data-modifying CTE);
   * a version mismatch appends nothing and throws the same optimistic-locking `WorkflowError` as `update`.
   */
  async appendWithInstanceUpdate(instance: WorkflowInstance, record: WorkflowHistoryRecord): Promise<string> {
    const executor = this.executor();
    let query: SqlQuery;
    try {
      query = updateInstanceWithHistory(instance, record);
    } catch (error) {
      // An unserializable record (bigint, cycle): fail after the instance write, as update + append would.
      const result = await executor.query(named("update_instance", updateInstance(instance)));
      if (result.rowCount === 0) throw optimisticLockingError(instance.uuid, instance.version - 1);
      throw error;
    }
    const { rows } = await executor.query<{ uuid: string }>(named("update_instance_with_history", query));
    const uuid = rows[0]?.uuid;
    if (!uuid) throw optimisticLockingError(instance.uuid, instance.version - 1);
    return uuid;
  }

  /**
   * {@link appendWithInstanceUpdate} as the same single statement, safe outside a transaction (autocommitted
   * on the pool); `null` instead of the optimistic-locking error when the version guard matches no row.
   */
  async appendWithInstanceUpdateAtomic(
    instance: WorkflowInstance,
    record: WorkflowHistoryRecord,
  ): Promise<string | null> {
    const { rows } = await this.executor().query<{ uuid: string }>(
      named("update_instance_with_history", updateInstanceWithHistory(instance, record)),
    );
    return rows[0]?.uuid ?? null;
  }

  /** Inserts the rows in order in one statement and returns their uuids in the same order. */
  async appendMany(records: readonly WorkflowHistoryRecord[]): Promise<string[]> {
    if (records.length === 0) return [];
    const { rows } = await this.executor().query<{ uuid: string }>(
      named("insert_history_rows", insertHistoryRows(records)),
    );
    if (rows.length !== records.length)
      throw new WorkflowError("Failed to append workflow history: INSERT ... RETURNING uuid returned no row");
    return rows.map((row) => row.uuid);
  }

  /**
   * Deletes up to `batch.limit` rows matching the retention rule (never an instance's newest row); rows locked
   * by another transaction are skipped.
   */
  async pruneHistoryBatch(batch: HistoryPruneBatch): Promise<number> {
    const result = await this.executor().query(pruneHistoryBatch(batch));
    return result.rowCount ?? 0;
  }

  /** How many rows `pruneHistoryBatch` would delete without a limit. */
  async countPrunableHistory(batch: Omit<HistoryPruneBatch, "limit">): Promise<number> {
    const { rows } = await this.executor().query<{ n: string }>(countPrunableHistory(batch));
    return Number(rows[0]!.n);
  }

  /**
   * Deletes up to `batch.limit` terminal instances with their history in one statement; their idempotency
   * receipts and executions go with them (ON DELETE CASCADE). Locked instances are skipped.
   */
  async purgeInstancesBatch(batch: InstancePurgeBatch): Promise<number> {
    const result = await this.executor().query(purgeInstancesBatch(batch));
    return result.rowCount ?? 0;
  }

  /** How many instances `purgeInstancesBatch` would delete without a limit. */
  async countPurgeableInstances(batch: Omit<InstancePurgeBatch, "limit">): Promise<number> {
    const { rows } = await this.executor().query<{ n: string }>(countPurgeableInstances(batch));
    return Number(rows[0]!.n);
  }

  /**
   * One maintenance pass of a history table turned into a partitioned one by `partitionHistory`; fails with
   * PostgreSQL's "function does not exist" error on an unpartitioned table.
   */
  maintainHistoryPartitions(
    input: HistoryPartitionMaintenanceInput,
  ): Promise<HistoryPartitionMaintenanceResult> {
    return maintainHistoryPartitions(this.executor(), input);
  }

  /**
   * Newest first by `seq DESC`, the exact write order (rows of one transaction included); `limit` 50 and
   * `offset` 0 by default.
   */
  async findByInstanceUuid(
    uuid: string,
    options: { limit?: number; offset?: number } = {},
  ): Promise<WorkflowHistoryRecord[]> {
    const query = selectHistoryByInstance(uuid, options.limit ?? 50, options.offset ?? 0);
    const { rows } = await this.executor().query<HistoryRow>(query);
    return rows.map(toRecord);
  }
}
