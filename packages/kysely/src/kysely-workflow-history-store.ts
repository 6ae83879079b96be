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
import { optimisticLockingError } from "@duraflows/sql";
import type { Kysely, Selectable } from "kysely";
import type { WorkflowDatabase, WorkflowHistoryTable } from "./kysely-database.js";
import { insertHistoryRows } from "./kysely-batch-writes.js";
import { historyColumns, updateInstanceQuery, updateInstanceWithHistory } from "./kysely-instance-writes.js";
import * as retention from "./kysely-retention.js";
import { KyselyTransactionContext } from "./kysely-transaction-context.js";

function toRecord(row: Selectable<WorkflowHistoryTable>): WorkflowHistoryRecord {
  return {
    uuid: row.uuid,
    workflowInstanceUuid: row.workflow_instance_uuid,
    fromState: row.from_state,
    eventName: row.event_name,
    toState: row.to_state,
    outcome: row.outcome as WorkflowHistoryRecord["outcome"],
    errorMessage: row.error_message ?? undefined,
    rejectedBy: row.rejected_by ?? undefined,
    commandResultsJson: row.command_results_json,
    triggerMetadata: row.trigger_metadata_json,
    definitionVersion: row.definition_version ?? undefined,
    createdAt: row.created_at,
  };
}

/**
 * {@link WorkflowHistoryStore} on `workflow_history` through Kysely. Runs on the active transaction of `db`
 * when there is one, else on `db`. Row uuids and `created_at` are assigned by the database. It declares
 * `appendWithInstanceUpdate`, which writes `workflow_instances` through the same `db`: pair it with a
 * `KyselyWorkflowInstanceStore` on that `db` (as the provider functions do), not with another instance store.
 */
export class KyselyWorkflowHistoryStore<DB extends WorkflowDatabase = WorkflowDatabase>
  implements WorkflowHistoryStore
{
  private readonly db: Kysely<WorkflowDatabase>;

  constructor(db: Kysely<DB>) {
    this.db = db as unknown as Kysely<WorkflowDatabase>;
  }

  private executor(): Kysely<WorkflowDatabase> {
    return KyselyTransactionContext.getTransaction(this.db) ?? this.db;
  }

  /** Inserts the row and returns the uuid the database generated for it. */
  async append(record: WorkflowHistoryRecord): Promise<string> {
    const row = await this.executor()
      .insertInto("workflow_history")
      .values(historyColumns(record))
      .returning("uuid")
      .executeTakeFirstOrThrow(
        () =>
          new WorkflowError("Failed to append workflow history: INSERT ... RETURNING uuid returned no row"),
      );
    return row.uuid;
  }

  /**
   * `KyselyWorkflowInstanceStore.update(instance)` and `append(record)` as one statement (a data-modifying
   * CTE); a version mismatch appends nothing and throws the same optimistic-locking `WorkflowError` as `update`.
   */
  async appendWithInstanceUpdate(instance: WorkflowInstance, record: WorkflowHistoryRecord): Promise<string> {
    const executor = this.executor();
    try {
      historyColumns(record);
    } catch (error) {
      // An unserializable record (bigint, cycle): fail after the instance write, as update + append would.
      const result = await updateInstanceQuery(executor, instance).executeTakeFirst();
      if (result.numUpdatedRows === 0n) throw optimisticLockingError(instance.uuid, instance.version - 1);
      throw error;
    }
    const uuid = await updateInstanceWithHistory(executor, instance, record);
    if (uuid === undefined) throw optimisticLockingError(instance.uuid, instance.version - 1);
    return uuid;
  }

  /**
   * {@link appendWithInstanceUpdate} as the same single statement, safe outside a transaction (autocommitted
   * on `db`); `null` instead of the optimistic-locking error when the version guard matches no row.
   */
  async appendWithInstanceUpdateAtomic(
    instance: WorkflowInstance,
    record: WorkflowHistoryRecord,
  ): Promise<string | null> {
    return (await updateInstanceWithHistory(this.executor(), instance, record)) ?? null;
  }

  /** Inserts the rows in order in one statement and returns their uuids in the same order. */
  appendMany(records: readonly WorkflowHistoryRecord[]): Promise<string[]> {
    return insertHistoryRows(this.executor(), records);
  }

  /**
   * Newest first by `seq DESC`, the exact write order (rows of one transaction included); `limit` defaults to
   * 50, `offset` to 0.
   */
  async findByInstanceUuid(
    uuid: string,
    options: { limit?: number; offset?: number } = {},
  ): Promise<WorkflowHistoryRecord[]> {
    const { limit = 50, offset = 0 } = options;
    const rows = await this.executor()
      .selectFrom("workflow_history")
      .selectAll()
      .where("workflow_instance_uuid", "=", uuid)
      .orderBy("seq", "desc")
      .limit(limit)
      .offset(offset)
      .execute();
    return rows.map(toRecord);
  }

  /** Deletes up to `batch.limit` rows matching the retention rule (never an instance's newest row). */
  async pruneHistoryBatch(batch: HistoryPruneBatch): Promise<number> {
    return retention.pruneHistoryBatch(this.executor(), batch);
  }

  /** How many rows `pruneHistoryBatch` would delete without a limit. */
  async countPrunableHistory(batch: Omit<HistoryPruneBatch, "limit">): Promise<number> {
    return retention.countPrunableHistory(this.executor(), batch);
  }

  /** Deletes up to `batch.limit` terminal instances with their history, receipts and executions. */
  async purgeInstancesBatch(batch: InstancePurgeBatch): Promise<number> {
    return retention.purgeInstancesBatch(this.executor(), batch);
  }

  /** How many instances `purgeInstancesBatch` would delete without a limit. */
  async countPurgeableInstances(batch: Omit<InstancePurgeBatch, "limit">): Promise<number> {
    return retention.countPurgeableInstances(this.executor(), batch);
  }

  /**
   * One pass of the partition maintenance function installed by `generateHistoryPartitioningSql` from
   * `@duraflows/pg`; PostgreSQL reports a missing function on an unpartitioned table.
   */
  async maintainHistoryPartitions(
    input: HistoryPartitionMaintenanceInput,
  ): Promise<HistoryPartitionMaintenanceResult> {
    return retention.maintainHistoryPartitions(this.executor(), input);
  }
}
