import { copyField } from "../util/deep-clone.js";
import { copyInstance } from "./copy-instance.js";
import { jsonContains } from "../util/json-contains.js";
import type { WorkflowExecutionStore } from "../persistence/workflow-execution-store.js";
import { WorkflowError } from "../errors/workflow-error.js";
import type { ClaimInStateInput, WorkflowInstanceStore } from "../persistence/workflow-instance-store.js";
import type { WorkflowInstance } from "../model/workflow-instance.js";
import type {
  InstancePage,
  InstanceStateCount,
  ListInstancesInput,
  TimeoutSummary,
} from "../reads/instance-reads.js";
import { countRowsByState, listInstanceRows, summarizeTimeoutRows } from "./in-memory-reads.js";
import { InMemoryRowLocks } from "./in-memory-row-locks.js";
import type { InMemoryRootTransaction, InMemoryTransactionRunner } from "./in-memory-transaction-runner.js";

/** Options of {@link InMemoryInstanceStore}. */
export interface InMemoryInstanceStoreOptions {
  /** Consulted by `findExpired(..., { excludeActiveExecutions: true })`. */
  executionStore?: Pick<WorkflowExecutionStore, "findActive">;
}

/**
 * A {@link WorkflowInstanceStore} in memory: independent copies on every read and write, optimistic locking,
 * write-once metadata, row locks held until the outermost transaction of `transactionRunner` ends
 * (`lockByUuid` waits, `findExpired` skips locked rows) and rollback through the runner's undo log.
 *
 * @example
 * ```ts
 * const runner = new InMemoryTransactionRunner();
 * const instances = new InMemoryInstanceStore(runner);
 * ```
 */
export class InMemoryInstanceStore implements WorkflowInstanceStore {
  private readonly rows = new Map<string, WorkflowInstance>();
  private readonly locks = new InMemoryRowLocks();

  constructor(
    private readonly transactionRunner: InMemoryTransactionRunner,
    private readonly options: InMemoryInstanceStoreOptions = {},
  ) {}

  /** Inserts a copy; a duplicate uuid throws `WorkflowError`. */
  async create(instance: WorkflowInstance): Promise<void> {
    if (this.rows.has(instance.uuid)) {
      throw new WorkflowError(`Workflow instance "${instance.uuid}" already exists`);
    }
    this.write(instance.uuid, copyInstance(instance));
  }

  /** A copy of the row, or `null`. */
  async findByUuid(uuid: string): Promise<WorkflowInstance | null> {
    const row = this.rows.get(uuid);
    return row ? copyInstance(row) : null;
  }

  /** Waits for and holds the row lock until the outermost transaction ends; throws outside a transaction. */
  async lockByUuid(uuid: string): Promise<WorkflowInstance | null> {
    const tx = this.requireTransaction("lockByUuid");
    // A free (or own) lock is taken synchronously; only a contended one waits (FIFO, as before).
    if (!this.locks.tryAcquire(uuid, tx)) await this.locks.acquire(uuid, tx);
    const row = this.rows.get(uuid);
    return row ? copyInstance(row) : null;
  }

  /**
   * `lockByUuid` without waiting, for the runtime's synchronous transitions: the row (`null` when there is none)
   * with its lock now held, or `undefined` when another transaction holds the lock (nothing is taken then).
   * Throws outside a transaction. The row is a new object, but its Dates, context and metadata are the stored
   * ones: the caller may replace fields, never change a value inside one (the runtime's state entry only
   * replaces fields, and `update` copies what it writes).
   *
   * @internal
   */
  lockNow(uuid: string): WorkflowInstance | null | undefined {
    const tx = this.requireTransaction("lockByUuid");
    if (!this.locks.tryAcquire(uuid, tx)) return undefined;
    const row = this.rows.get(uuid);
    return row ? { ...row } : null;
  }

  /**
   * Takes the row lock without waiting (SKIP LOCKED), held until the outermost transaction ends: a copy of the
   * row, `null` when it does not exist, `"locked"` when another transaction holds it. Synchronous, so a caller
   * can check and write several rows without another transaction interleaving. Throws outside a transaction.
   *
   * @internal
   */
  tryLockByUuid(uuid: string): WorkflowInstance | null | "locked" {
    const tx = this.requireTransaction("tryLockByUuid");
    if (!this.locks.tryAcquire(uuid, tx)) return "locked";
    const row = this.rows.get(uuid);
    return row ? copyInstance(row) : null;
  }

  /** Writes the mutable fields when the stored version is `instance.version - 1`; never metadata. */
  async update(instance: WorkflowInstance): Promise<void> {
    this.updateNow(instance);
  }

  /** `update` for each instance in order; the first version mismatch throws (the caller rolls back). */
  async updateMany(instances: readonly WorkflowInstance[]): Promise<void> {
    for (const instance of instances) this.updateNow(instance);
  }

  /**
   * The synchronous body of `update` (also used by the paired history store's `appendWithInstanceUpdate`).
   *
   * @internal
   */
  updateNow(instance: WorkflowInstance): void {
    const stored = this.rows.get(instance.uuid);
    const expected = instance.version - 1;
    if (!stored || stored.version !== expected) {
      throw new WorkflowError(
        `Optimistic locking failure: workflow instance "${instance.uuid}" was modified concurrently (expected version ${expected})`,
      );
    }
    // A new row: the written fields copied, the write-once ones (uuid, name, metadata, createdAt) kept. Stored
    // values are never changed in place and reads copy field by field, so one copy of a Date written to two
    // fields (a transition's `lastTransitionAt` and `updatedAt`) can serve both.
    const lastTransitionAt = copyField(instance.lastTransitionAt);
    this.write(instance.uuid, {
      uuid: stored.uuid,
      workflowName: stored.workflowName,
      currentState: instance.currentState,
      version: instance.version,
      definitionVersion: instance.definitionVersion,
      expiresAt: copyField(instance.expiresAt),
      timeoutRetry: copyField(instance.timeoutRetry),
      lastTransitionAt,
      context: copyField(instance.context),
      metadata: stored.metadata,
      createdAt: stored.createdAt,
      updatedAt:
        instance.updatedAt === instance.lastTransitionAt ? lastTransitionAt : copyField(instance.updatedAt),
    });
  }

  /** Due rows ordered by `retryAt ?? expiresAt` (then uuid), skipping rows locked by other transactions. */
  async findExpired(
    limit: number,
    now: Date,
    options: { excludeActiveExecutions?: boolean } = {},
  ): Promise<WorkflowInstance[]> {
    const tx = this.requireTransaction("findExpired");
    const at = now.getTime();
    const due = [...this.rows.values()]
      .filter((row) => row.expiresAt !== null && row.expiresAt.getTime() < at)
      .filter((row) => row.timeoutRetry?.parkedAt == null)
      .filter((row) => row.timeoutRetry?.retryAt == null || row.timeoutRetry.retryAt.getTime() < at)
      .filter((row) => !this.locks.isLockedByOther(row.uuid, tx))
      .sort((a, b) => dueTime(a) - dueTime(b) || compare(a.uuid, b.uuid));
    const result: WorkflowInstance[] = [];
    for (const row of due) {
      if (result.length >= limit) break;
      if (options.excludeActiveExecutions && (await this.options.executionStore?.findActive(row.uuid)))
        continue;
      if (!this.locks.tryAcquire(row.uuid, tx)) continue;
      result.push(copyInstance(row));
    }
    return result;
  }

  /** Rows in the state matching the filter, ascending by uuid, skipping rows locked by other transactions. */
  async claimInState(input: ClaimInStateInput): Promise<WorkflowInstance[]> {
    const tx = this.requireTransaction("claimInState");
    const where = input.where ?? {};
    const before = where.lastTransitionBefore?.getTime();
    const after = input.afterUuid?.toLowerCase();
    const candidates = [...this.rows.values()]
      .filter((row) => row.workflowName === input.workflowName && row.currentState === input.state)
      .filter((row) => after === undefined || compare(row.uuid.toLowerCase(), after) > 0)
      .filter((row) => where.context === undefined || jsonContains(row.context, where.context))
      .filter((row) => where.metadata === undefined || jsonContains(row.metadata, where.metadata))
      .filter((row) => before === undefined || row.lastTransitionAt.getTime() < before)
      .filter((row) => !this.locks.isLockedByOther(row.uuid, tx))
      .sort((a, b) => compare(a.uuid.toLowerCase(), b.uuid.toLowerCase()));
    const result: WorkflowInstance[] = [];
    for (const row of candidates) {
      if (result.length >= input.limit) break;
      if (input.excludeActiveExecutions && (await this.options.executionStore?.findActive(row.uuid)))
        continue;
      if (!this.locks.tryAcquire(row.uuid, tx)) continue;
      result.push(copyInstance(row));
    }
    return result;
  }

  /** Parked rows ordered by `parkedAt`, then uuid. */
  async findParkedTimeouts(input: { limit: number; workflowName?: string }): Promise<WorkflowInstance[]> {
    return [...this.rows.values()]
      .filter((row) => row.timeoutRetry?.parkedAt != null)
      .filter((row) => input.workflowName === undefined || row.workflowName === input.workflowName)
      .sort(
        (a, b) =>
          a.timeoutRetry!.parkedAt!.getTime() - b.timeoutRetry!.parkedAt!.getTime() ||
          compare(a.uuid, b.uuid),
      )
      .slice(0, input.limit)
      .map((row) => copyInstance(row));
  }

  /** Rows stamped with the version whose state is not excluded. */
  async countInstances(input: {
    workflowName: string;
    definitionVersion: number;
    excludeStates: string[];
  }): Promise<number> {
    return [...this.rows.values()].filter(
      (row) =>
        row.workflowName === input.workflowName &&
        row.definitionVersion === input.definitionVersion &&
        !input.excludeStates.includes(row.currentState),
    ).length;
  }

  /** Counts grouped by workflow, definition version and state. */
  async countInstancesByState(input: { workflowName?: string }): Promise<InstanceStateCount[]> {
    return countRowsByState(this.rows.values(), input.workflowName);
  }

  /** A keyset page of copies, most recent transition first. */
  async listInstances(input: ListInstancesInput): Promise<InstancePage> {
    return listInstanceRows(this.rows.values(), input);
  }

  /** Overdue and parked timeouts as of `now`. */
  async summarizeTimeouts(input: { now: Date; workflowName?: string }): Promise<TimeoutSummary> {
    return summarizeTimeoutRows(this.rows.values(), input);
  }

  /** Uuids stamped with the version, ascending, strictly after `afterUuid`; honours both state filters. */
  async findInstanceUuids(input: {
    workflowName: string;
    definitionVersion: number;
    limit: number;
    afterUuid?: string;
    states?: string[];
    excludeStates?: string[];
  }): Promise<string[]> {
    return [...this.rows.values()]
      .filter(
        (row) => row.workflowName === input.workflowName && row.definitionVersion === input.definitionVersion,
      )
      .filter(
        (row) => input.afterUuid === undefined || row.uuid.toLowerCase() > input.afterUuid.toLowerCase(),
      )
      .filter((row) => input.states === undefined || input.states.includes(row.currentState))
      .filter((row) => input.excludeStates === undefined || !input.excludeStates.includes(row.currentState))
      .map((row) => row.uuid.toLowerCase())
      .sort(compare)
      .slice(0, input.limit);
  }

  /**
   * Uuids of instances of `workflowName` resting in one of `states` with a last transition before `before`,
   * oldest transition first, at most `limit` (retention helper of the paired history store).
   *
   * @internal
   */
  terminalUuidsNow(workflowName: string, states: readonly string[], before: Date, limit: number): string[] {
    return [...this.rows.values()]
      .filter(
        (row) =>
          row.workflowName === workflowName &&
          states.includes(row.currentState) &&
          row.lastTransitionAt.getTime() < before.getTime(),
      )
      .sort((a, b) => a.lastTransitionAt.getTime() - b.lastTransitionAt.getTime())
      .slice(0, limit)
      .map((row) => row.uuid);
  }

  /**
   * Removes the instance (undone if the transaction rolls back); retention helper of the paired history store.
   *
   * @internal
   */
  deleteNow(uuid: string): void {
    const previous = this.rows.get(uuid);
    if (!previous) return;
    this.rows.delete(uuid);
    this.transactionRunner.recordUndo(() => {
      this.rows.set(uuid, previous);
    });
  }

  /**
   * Workflow name of a stored instance, or `undefined` (retention helper of the paired history store).
   *
   * @internal
   */
  workflowNameOf(uuid: string): string | undefined {
    return this.rows.get(uuid)?.workflowName;
  }

  private write(uuid: string, row: WorkflowInstance): void {
    const previous = this.rows.get(uuid);
    this.rows.set(uuid, row);
    this.transactionRunner.recordUndo(() => {
      if (previous) this.rows.set(uuid, previous);
      else this.rows.delete(uuid);
    });
  }

  private requireTransaction(operation: string): InMemoryRootTransaction {
    const tx = this.transactionRunner.currentRoot();
    if (!tx) throw new WorkflowError(`${operation} requires an active transaction`);
    return tx;
  }
}

function dueTime(row: WorkflowInstance): number {
  return (row.timeoutRetry?.retryAt ?? row.expiresAt)!.getTime();
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
