import type { DurableWorkflowExecution } from "../model/durable-execution.js";
import type { WorkflowExecutionReads } from "../reads/execution-reads.js";
import type { WorkflowInstance } from "../model/workflow-instance.js";
import type { ClaimDueExecutionsInput, ClaimedExecution } from "./execution-claim.js";
import type { WorkflowInstanceStore } from "./workflow-instance-store.js";
import type { WorkflowHistoryStore } from "./workflow-history-store.js";
import type { WorkflowHistoryRecord } from "../model/workflow-history-record.js";

/**
 * Stores durable executions. Inserts and updates require the active transaction. At most one active
 * (pending/running/parked) execution per instance; `(instance, key)` is unique. Stores keep JSON copies. The
 * optional read capabilities of {@link WorkflowExecutionReads} serve dashboards.
 */
export interface WorkflowExecutionStore extends WorkflowExecutionReads {
  create(execution: DurableWorkflowExecution): Promise<void>;
  /** Optimistic: writes only when the stored revision equals `execution.revision - 1`. */
  update(execution: DurableWorkflowExecution): Promise<void>;
  findByUuid(uuid: string): Promise<DurableWorkflowExecution | null>;
  findByKey(workflowInstanceUuid: string, key: string): Promise<DurableWorkflowExecution | null>;
  /** The pending, running or parked execution of the instance, if any. */
  findActive(workflowInstanceUuid: string): Promise<DurableWorkflowExecution | null>;
  /**
   * Optional: `findByKey(workflowInstanceUuid, key)` and `findActive(workflowInstanceUuid)` answered at once
   * (one statement in the SQL stores); `enqueueEvent` calls it under the instance lock. Without it the two
   * are called one after the other.
   */
  findByKeyOrActive?(workflowInstanceUuid: string, key: string): Promise<KeyedOrActiveExecutions>;
  /**
   * Optional: `findByKeyOrActive(execution.workflowInstanceUuid, execution.idempotencyKey)`, then
   * `create(execution)` only when both are `null`, at once (one statement in the SQL stores); returns what was
   * found (`create` ran when both are `null`). Requires the active transaction; `enqueueEvent` calls it under
   * the instance lock when it can build the record before knowing the answer.
   */
  createUnlessTaken?(execution: DurableWorkflowExecution): Promise<KeyedOrActiveExecutions>;
  /**
   * Optional: `createUnlessTaken` with no transaction active, as one autocommitted statement that also locks the
   * instance the way `instanceStore.lockByUuid` would and inserts only while the instance's version is still
   * `execution.instanceVersion`. `created` is true when the record was inserted; with nothing found and nothing
   * created, a concurrent write got there first (the instance moved on, or a conflicting execution committed)
   * and the caller starts over under the instance lock. Resolves to `undefined` when it cannot take the lock
   * the way `instanceStore` would (another store class or connection, an overridden `lockByUuid`, a
   * transaction active). `enqueueEvent` uses it with the `optimisticTransitions` runtime option.
   */
  createAtInstanceVersion?(
    instanceStore: WorkflowInstanceStore,
    execution: DurableWorkflowExecution,
  ): Promise<CreatedUnlessTaken | undefined>;
  /**
   * Optional: the uuids, among `workflowInstanceUuids`, of instances that own a pending, running or parked
   * execution (any letter case in, lowercase or as stored out; each at most once). Read with a fresh statement:
   * the timeout sweep calls it after locking a batch of due rows, so an execution committed while its scan ran
   * is seen. Without it the sweep calls `findActive` once per locked row.
   */
  findActiveInstanceUuids?(workflowInstanceUuids: readonly string[]): Promise<string[]>;
  /** Pending/running, available, lease absent or expired; by availability then uuid. A hint only. */
  findDue(limit: number, now: Date): Promise<DurableWorkflowExecution[]>;
  /**
   * Optional batch claim, so concurrent workers take disjoint work in one step instead of racing for the same
   * `findDue` rows one by one. Atomically (one statement in SQL stores), takes up to `limit` due executions
   * (the `findDue` filter and order) whose execution and instance rows no other transaction holds (they are
   * skipped, as `FOR UPDATE SKIP LOCKED` does). Each whose `attempts` is below `policy.maxAttempts` and whose
   * instance still has `instanceVersion` is leased and saved: `status "running"`, `attempts + 1`, a new random
   * `leaseToken`, `leaseUntil = now + policy.leaseDurationMs`, `revision + 1`, `updatedAt = now` (ISO strings,
   * as the runtime writes them), and returned with `claimed: true`; every other taken execution is returned
   * unchanged with `claimed: false`. Result in `findDue` order. Works outside a transaction (the runtime calls
   * it so); without it the runtime claims `findDue` candidates one by one.
   */
  claimDue?(input: ClaimDueExecutionsInput): Promise<ClaimedExecution[]>;
  /**
   * Optional: `instanceStore.lockByUuid(workflowInstanceUuid)` then `findByUuid(executionUuid)` in one step (one
   * statement in the SQL stores), for the owned transactions of workers, inside the active transaction. The
   * execution must be read as committed after the instance lock was granted, as the separate read would see it.
   * Resolves to `undefined` when it cannot take the lock the way `instanceStore` would (another store class or
   * connection, an overridden `lockByUuid`); the runtime then calls the two methods.
   */
  lockInstanceAndFind?(
    instanceStore: WorkflowInstanceStore,
    workflowInstanceUuid: string,
    executionUuid: string,
  ): Promise<LockedInstanceAndExecution | undefined>;
  /**
   * Optional: `historyStore.appendWithInstanceUpdate(instance, record)`, then `update(execution)` with
   * `execution.result.historyUuid` set to the new history row's uuid, in one statement of the active
   * transaction (a durable execution's finishing write). Resolves to that uuid, after setting it on
   * `execution.result`, and throws what the two calls would throw (the optimistic-locking error of the instance
   * write first). Resolves to `undefined`, having written nothing, when it cannot write what `historyStore`
   * would (another store class or connection, an overridden `appendWithInstanceUpdate`).
   */
  updateWithTransition?(
    historyStore: WorkflowHistoryStore,
    instance: WorkflowInstance,
    record: WorkflowHistoryRecord,
    execution: DurableWorkflowExecution,
  ): Promise<string | undefined>;
  /** Distinct instances stamped with the version (state not excluded) or owning an active execution of it. */
  countInstancesUsingDefinition?(input: {
    workflowName: string;
    definitionVersion: number;
    excludeStates: string[];
  }): Promise<number>;
}

/** What {@link WorkflowExecutionStore.lockInstanceAndFind} read: the locked instance and the execution, or `null`s. */
export interface LockedInstanceAndExecution {
  instance: WorkflowInstance | null;
  execution: DurableWorkflowExecution | null;
}

/** The execution of an instance's idempotency key and its active execution (the same record when both). */
export interface KeyedOrActiveExecutions {
  byKey: DurableWorkflowExecution | null;
  active: DurableWorkflowExecution | null;
}

/** What {@link WorkflowExecutionStore.createAtInstanceVersion} found, and whether it inserted the record. */
export interface CreatedUnlessTaken extends KeyedOrActiveExecutions {
  created: boolean;
}
