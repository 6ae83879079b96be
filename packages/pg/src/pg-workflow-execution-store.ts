import {
  type ClaimDueExecutionsInput,
  type ClaimedExecution,
  type CreatedUnlessTaken,
  decodeReadCursor,
  encodeReadCursor,
  WorkflowError,
  type DurableWorkflowExecution,
  type ExecutionPage,
  type ExecutionStatusSummary,
  type KeyedOrActiveExecutions,
  type ListExecutionsInput,
  type LockedInstanceAndExecution,
  type WorkflowExecutionStore,
  type WorkflowHistoryRecord,
  type WorkflowHistoryStore,
  type WorkflowInstance,
  type WorkflowInstanceStore,
} from "@duraflows/core";
import type { Pool, PoolClient } from "pg";
import { PgTransactionContext } from "./pg-transaction-context.js";
import { storePools } from "./pg-store-pools.js";
import { type InstanceRow, toInstance } from "./pg-instance-row.js";
import { PgWorkflowHistoryStore } from "./pg-workflow-history-store.js";
import { PgWorkflowInstanceStore } from "./pg-workflow-instance-store.js";
import {
  claimDueExecutions,
  countInstancesUsingDefinition,
  insertExecution,
  insertExecutionAtInstanceVersion,
  insertExecutionUnlessTaken,
  listExecutions,
  lockInstanceAndSelectExecution,
  named,
  selectActiveExecution,
  selectDueExecutions,
  selectExecutionByKey,
  selectExecutionByKeyOrActive,
  selectExecutionByUuid,
  selectInstancesWithActiveExecutions,
  summarizeExecutions,
  optimisticLockingError,
  type SqlQuery,
  updateExecution,
  updateInstanceWithHistoryAndExecution,
} from "@duraflows/sql";

const REVISION_CONFLICT = "Durable execution revision conflict";

interface ExecutionRow {
  execution_json: DurableWorkflowExecution;
}

/** A row of a statement that reads an instance's keyed and active executions. */
type FoundRow = ExecutionRow & { by_key: boolean; active: boolean };

function keyedOrActive(rows: FoundRow[]): KeyedOrActiveExecutions {
  return {
    byKey: rows.find((row) => row.by_key)?.execution_json ?? null,
    active: rows.find((row) => row.active)?.execution_json ?? null,
  };
}

/**
 * `WorkflowExecutionStore` on `workflow_executions` (durable execution). Writes run on the active
 * transaction's client; reads use it when present, else the pool. Records are stored whole as JSON, so every
 * read returns an independent copy.
 */
export class PgWorkflowExecutionStore implements WorkflowExecutionStore {
  constructor(private readonly pool: Pool) {}

  private executor(): Pool | PoolClient {
    return PgTransactionContext.getClient(this.pool) ?? this.pool;
  }

  private writer(): PoolClient {
    const client = PgTransactionContext.getClient(this.pool);
    if (client === undefined)
      throw new WorkflowError("WorkflowExecutionStore writes require an active transaction");
    return client;
  }

  private async one(query: { text: string; values: unknown[] }): Promise<DurableWorkflowExecution | null> {
    const { rows } = await this.executor().query<ExecutionRow>(query);
    return rows.length === 0 ? null : rows[0].execution_json;
  }

  /** Inserts the execution. */
  async create(execution: DurableWorkflowExecution): Promise<void> {
    await this.writer().query(insertExecution(execution));
  }

  /** Writes the execution if the stored revision is `execution.revision - 1` (a prepared statement). */
  async update(execution: DurableWorkflowExecution): Promise<void> {
    const result = await this.writer().query(named("update_execution", updateExecution(execution)));
    if (result.rowCount !== 1) throw new WorkflowError(REVISION_CONFLICT);
  }

  /** One execution by uuid, or `null`. */
  findByUuid(uuid: string): Promise<DurableWorkflowExecution | null> {
    return this.one(selectExecutionByUuid(uuid));
  }

  /** One execution by instance and idempotency key, or `null`. */
  findByKey(workflowInstanceUuid: string, key: string): Promise<DurableWorkflowExecution | null> {
    return this.one(selectExecutionByKey(workflowInstanceUuid, key));
  }

  /** The pending, running or parked execution of the instance, or `null`. */
  findActive(workflowInstanceUuid: string): Promise<DurableWorkflowExecution | null> {
    return this.one(selectActiveExecution(workflowInstanceUuid));
  }

  /**
   * `lockByUuid` of a `PgWorkflowInstanceStore` on this store's pool, then `findByUuid`, in one statement of the
   * active transaction; `undefined` for any other instance store or an overridden `lockByUuid`.
   */
  async lockInstanceAndFind(
    instanceStore: WorkflowInstanceStore,
    workflowInstanceUuid: string,
    executionUuid: string,
  ): Promise<LockedInstanceAndExecution | undefined> {
    const client = PgTransactionContext.getClient(this.pool);
    if (
      client === undefined ||
      storePools.get(instanceStore) !== this.pool ||
      // The lock must be the one lockByUuid takes: a subclass or a wrapper of lockByUuid is called instead.
      instanceStore.lockByUuid !== PgWorkflowInstanceStore.prototype.lockByUuid
    ) {
      return undefined;
    }
    const { rows } = await client.query<Partial<InstanceRow> & ExecutionRow>(
      named("lock_instance_execution", lockInstanceAndSelectExecution(workflowInstanceUuid, executionUuid)),
    );
    const row = rows[0];
    return {
      instance: row?.uuid == null ? null : toInstance(row as InstanceRow),
      execution: row?.execution_json ?? null,
    };
  }

  /** `findByKeyOrActive`, then `create` when both are `null`, in one statement of the active transaction. */
  async createUnlessTaken(execution: DurableWorkflowExecution): Promise<KeyedOrActiveExecutions> {
    const { rows } = await this.writer().query<FoundRow>(insertExecutionUnlessTaken(execution));
    return keyedOrActive(rows);
  }

  /**
   * `createUnlessTaken` as one autocommitted statement on the pool that locks instance
   * `execution.workflowInstanceUuid` as `lockByUuid` of a `PgWorkflowInstanceStore` on this pool would, and
   * inserts only while it is at `execution.instanceVersion`; `undefined` inside a transaction, for any other
   * instance store, or when `lockByUuid` is overridden.
   */
  async createAtInstanceVersion(
    instanceStore: WorkflowInstanceStore,
    execution: DurableWorkflowExecution,
  ): Promise<CreatedUnlessTaken | undefined> {
    if (
      PgTransactionContext.getClient(this.pool) !== undefined ||
      storePools.get(instanceStore) !== this.pool ||
      instanceStore.lockByUuid !== PgWorkflowInstanceStore.prototype.lockByUuid
    ) {
      return undefined;
    }
    const { rows } = await this.pool.query<FoundRow & { created: boolean }>(
      named("insert_execution_at_version", insertExecutionAtInstanceVersion(execution)),
    );
    return { ...keyedOrActive(rows.filter((row) => !row.created)), created: rows.some((row) => row.created) };
  }

  /**
   * `appendWithInstanceUpdate` of a `PgWorkflowHistoryStore` on this pool, then `update(execution)` with the
   * new history row's uuid as `result.historyUuid`, in one statement of the active transaction; `undefined`
   * outside a transaction, for any other history store, or when `appendWithInstanceUpdate` is overridden.
   */
  async updateWithTransition(
    historyStore: WorkflowHistoryStore,
    instance: WorkflowInstance,
    record: WorkflowHistoryRecord,
    execution: DurableWorkflowExecution,
  ): Promise<string | undefined> {
    const client = PgTransactionContext.getClient(this.pool);
    const result = execution.result;
    if (
      client === undefined ||
      result === null ||
      storePools.get(historyStore) !== this.pool ||
      historyStore.appendWithInstanceUpdate !== PgWorkflowHistoryStore.prototype.appendWithInstanceUpdate
    ) {
      return undefined;
    }
    let query: SqlQuery;
    try {
      query = updateInstanceWithHistoryAndExecution(instance, record, execution);
    } catch {
      // An unserializable record: the two separate writes report it in their order.
      return undefined;
    }
    const { rows } = await client.query<{ uuid: string; saved: boolean }>(
      named("update_instance_history_execution", query),
    );
    const row = rows[0];
    if (!row) throw optimisticLockingError(instance.uuid, instance.version - 1);
    if (!row.saved) throw new WorkflowError(REVISION_CONFLICT);
    result.historyUuid = row.uuid;
    return row.uuid;
  }

  /** `findByKey` and `findActive` in one statement. */
  async findByKeyOrActive(workflowInstanceUuid: string, key: string): Promise<KeyedOrActiveExecutions> {
    const { rows } = await this.executor().query<FoundRow>(
      selectExecutionByKeyOrActive(workflowInstanceUuid, key),
    );
    return keyedOrActive(rows);
  }

  /**
   * The instances among `workflowInstanceUuids` that own a pending, running or parked execution (lowercase).
   * One fresh statement, so executions committed after an earlier statement of the transaction are seen.
   */
  async findActiveInstanceUuids(workflowInstanceUuids: readonly string[]): Promise<string[]> {
    if (workflowInstanceUuids.length === 0) return [];
    const { rows } = await this.executor().query<{ workflow_instance_uuid: string }>(
      selectInstancesWithActiveExecutions(workflowInstanceUuids),
    );
    return rows.map((row) => row.workflow_instance_uuid);
  }

  /** Due executions by availability then uuid (unlocked: a hint the runtime re-checks under lock). */
  async findDue(limit: number, now: Date): Promise<DurableWorkflowExecution[]> {
    const { rows } = await this.executor().query<ExecutionRow>(selectDueExecutions(limit, now));
    return rows.map((row) => row.execution_json);
  }

  /**
   * Claims and leases up to `limit` due executions in one statement (`FOR UPDATE SKIP LOCKED` on the
   * executions and their instances), so concurrent workers take disjoint batches. A prepared statement: planning
   * it costs more than running it on a short queue.
   */
  async claimDue(input: ClaimDueExecutionsInput): Promise<ClaimedExecution[]> {
    const { rows } = await this.executor().query<ExecutionRow & { claimed: boolean }>(
      named("claim_due_executions", claimDueExecutions(input.limit, input.now)),
    );
    return rows.map((row) => ({ execution: row.execution_json, claimed: row.claimed }));
  }

  /** Counts per status and the oldest `createdAt` of each. */
  async summarizeExecutions(): Promise<ExecutionStatusSummary[]> {
    const { rows } = await this.executor().query<{
      status: ExecutionStatusSummary["status"];
      count: number;
      oldest_created_at: string;
    }>(summarizeExecutions());
    return rows.map((row) => ({
      status: row.status,
      count: row.count,
      oldestCreatedAt: row.oldest_created_at,
    }));
  }

  /** A keyset page by availability then uuid; a malformed cursor throws `InvalidArgumentError`. */
  async listExecutions(input: ListExecutionsInput): Promise<ExecutionPage> {
    const after = input.after === undefined ? undefined : decodeReadCursor(input.after);
    const { rows } = await this.executor().query<ExecutionRow>(listExecutions(input, after));
    const items = rows.slice(0, input.limit).map((row) => row.execution_json);
    const last = items.at(-1);
    const more = rows.length > input.limit && last !== undefined;
    return { items, nextCursor: more ? encodeReadCursor(last.availableAt, last.uuid) : null };
  }

  /** Distinct instances using the version: stamped with it, or owning an active execution captured on it. */
  async countInstancesUsingDefinition(input: {
    workflowName: string;
    definitionVersion: number;
    excludeStates: string[];
  }): Promise<number> {
    const query = countInstancesUsingDefinition(
      input.workflowName,
      input.definitionVersion,
      input.excludeStates,
    );
    const { rows } = await this.executor().query<{ count: string }>(query);
    return Number(rows[0].count);
  }
}
