import type { DurableWorkflowExecution } from "../model/durable-execution.js";
import type {
  KeyedOrActiveExecutions,
  WorkflowExecutionStore,
} from "../persistence/workflow-execution-store.js";
import { WorkflowError } from "../errors/workflow-error.js";
import type { WorkflowInstanceStore } from "../persistence/workflow-instance-store.js";
import type { ExecutionPage, ExecutionStatusSummary, ListExecutionsInput } from "../reads/execution-reads.js";
import { listExecutionRows, summarizeExecutionRows } from "./in-memory-reads.js";
import type { InMemoryTransactionRunner } from "./in-memory-transaction-runner.js";
import type { InMemoryInstanceStore } from "./in-memory-instance-store.js";
import type { ClaimDueExecutionsInput, ClaimedExecution } from "../persistence/execution-claim.js";
import { startLease } from "../durable/durable-lease.js";

/**
 * The instance reads `countInstancesUsingDefinition` needs (`findInstanceUuids` is required for it), plus
 * the lock-without-waiting of {@link InMemoryInstanceStore} that `claimDue` needs.
 */
export type InMemoryExecutionStoreInstanceSource = Pick<
  WorkflowInstanceStore,
  "findByUuid" | "findInstanceUuids"
> &
  Partial<Pick<InMemoryInstanceStore, "tryLockByUuid">>;

/** Options of {@link InMemoryExecutionStore}. */
export interface InMemoryExecutionStoreOptions {
  /**
   * The instance store (or a function returning it, for stores built after this one). When given and it
   * implements `findInstanceUuids`, the store offers `countInstancesUsingDefinition`.
   */
  instanceStore?: InMemoryExecutionStoreInstanceSource | (() => InMemoryExecutionStoreInstanceSource);
}

const ACTIVE_STATUSES: ReadonlySet<string> = new Set(["pending", "running", "parked"]);
const DUE_STATUSES: ReadonlySet<string> = new Set(["pending", "running"]);
const PAGE_SIZE = 500;

/**
 * A {@link WorkflowExecutionStore} in memory. Records are kept as JSON text (every read and write is an
 * independent JSON copy); writes require an active transaction of `transactionRunner` and roll back with it;
 * `(instance, key)` is unique, an instance owns at most one pending/running/parked execution, and `update`
 * is optimistic on `revision`.
 *
 * @example
 * ```ts
 * const runner = new InMemoryTransactionRunner();
 * const instances = new InMemoryInstanceStore(runner, { executionStore: executions });
 * const executions = new InMemoryExecutionStore(runner, { instanceStore: () => instances });
 * ```
 */
export class InMemoryExecutionStore implements WorkflowExecutionStore {
  private readonly rows = new Map<string, string>();

  /**
   * The batch claim (see `WorkflowExecutionStore.claimDue`); present only once an instance store was given
   * (option or {@link attachInstanceStore}), which must then offer `tryLockByUuid`.
   */
  claimDue?: (input: ClaimDueExecutionsInput) => Promise<ClaimedExecution[]>;

  /** Present only once an instance store was given (option or {@link attachInstanceStore}). */
  countInstancesUsingDefinition?: (input: {
    workflowName: string;
    definitionVersion: number;
    excludeStates: string[];
  }) => Promise<number>;

  constructor(
    private readonly transactionRunner: InMemoryTransactionRunner,
    options: InMemoryExecutionStoreOptions = {},
  ) {
    if (options.instanceStore !== undefined) this.attachInstanceStore(options.instanceStore);
  }

  /** Connects the instance store `countInstancesUsingDefinition` reads (it needs `findInstanceUuids`). */
  attachInstanceStore(
    source: InMemoryExecutionStoreInstanceSource | (() => InMemoryExecutionStoreInstanceSource),
  ): void {
    const resolve = typeof source === "function" ? source : () => source;
    this.countInstancesUsingDefinition = (input) => this.countUsing(resolve(), input);
    this.claimDue = (input) => this.claimDueWith(resolve(), input);
  }

  /** Inserts a JSON copy; duplicate uuid, duplicate `(instance, key)` or a second active execution throw. */
  async create(execution: DurableWorkflowExecution): Promise<void> {
    this.requireTransaction();
    if (this.rows.has(execution.uuid)) {
      throw new WorkflowError(`Durable execution "${execution.uuid}" already exists`);
    }
    const copy = toJson(execution);
    for (const row of this.all()) {
      if (
        row.workflowInstanceUuid === execution.workflowInstanceUuid &&
        row.idempotencyKey === execution.idempotencyKey
      ) {
        throw new WorkflowError(
          `Durable execution key already used for instance "${execution.workflowInstanceUuid}"`,
        );
      }
    }
    this.assertSingleActive(execution);
    this.write(execution.uuid, copy);
  }

  /** Writes a JSON copy when the stored revision is `execution.revision - 1`, else the revision conflict. */
  async update(execution: DurableWorkflowExecution): Promise<void> {
    this.requireTransaction();
    const text = this.rows.get(execution.uuid);
    const stored = text === undefined ? undefined : (JSON.parse(text) as DurableWorkflowExecution);
    if (!stored || stored.revision !== execution.revision - 1) {
      throw new WorkflowError("Durable execution revision conflict");
    }
    const copy = toJson(execution);
    this.assertSingleActive(execution);
    this.write(execution.uuid, copy);
  }

  /** A JSON copy, or `null`. */
  async findByUuid(uuid: string): Promise<DurableWorkflowExecution | null> {
    const text = this.rows.get(uuid);
    return text === undefined ? null : (JSON.parse(text) as DurableWorkflowExecution);
  }

  /** The execution with this key on the instance (any status), or `null`. */
  async findByKey(workflowInstanceUuid: string, key: string): Promise<DurableWorkflowExecution | null> {
    return (
      this.all().find(
        (row) => row.workflowInstanceUuid === workflowInstanceUuid && row.idempotencyKey === key,
      ) ?? null
    );
  }

  /** The pending, running or parked execution of the instance, or `null`. */
  async findActive(workflowInstanceUuid: string): Promise<DurableWorkflowExecution | null> {
    return (
      this.all().find(
        (row) => row.workflowInstanceUuid === workflowInstanceUuid && ACTIVE_STATUSES.has(row.status),
      ) ?? null
    );
  }

  /** `findByKey` and `findActive` at once. */
  async findByKeyOrActive(workflowInstanceUuid: string, key: string): Promise<KeyedOrActiveExecutions> {
    return {
      byKey: await this.findByKey(workflowInstanceUuid, key),
      active: await this.findActive(workflowInstanceUuid),
    };
  }

  /** `findByKeyOrActive`, then `create` when it found neither (requires the active transaction). */
  async createUnlessTaken(execution: DurableWorkflowExecution): Promise<KeyedOrActiveExecutions> {
    this.requireTransaction();
    const found = await this.findByKeyOrActive(execution.workflowInstanceUuid, execution.idempotencyKey);
    if (!found.byKey && !found.active) await this.create(execution);
    return found;
  }

  /** The instances among `workflowInstanceUuids` that own a pending, running or parked execution (lowercase). */
  async findActiveInstanceUuids(workflowInstanceUuids: readonly string[]): Promise<string[]> {
    const wanted = new Set(workflowInstanceUuids.map((uuid) => uuid.toLowerCase()));
    const found = new Set<string>();
    for (const row of this.all()) {
      const instance = row.workflowInstanceUuid.toLowerCase();
      if (ACTIVE_STATUSES.has(row.status) && wanted.has(instance)) found.add(instance);
    }
    return [...found];
  }

  /** Pending/running, available at `now`, lease absent or expired; by `availableAt`, then uuid; at most `limit`. */
  async findDue(limit: number, now: Date): Promise<DurableWorkflowExecution[]> {
    return this.due(now).slice(0, limit);
  }

  private due(now: Date): DurableWorkflowExecution[] {
    const at = now.getTime();
    return this.all()
      .filter((row) => DUE_STATUSES.has(row.status))
      .filter((row) => Date.parse(row.availableAt) <= at)
      .filter((row) => row.leaseUntil === null || Date.parse(row.leaseUntil) <= at)
      .sort((a, b) => Date.parse(a.availableAt) - Date.parse(b.availableAt) || compare(a.uuid, b.uuid));
  }

  /*
   * In its own transaction (joined when one is active), without an await between reading and writing, so no
   * other claim interleaves: the executions stand in for SQL's row locks, the instance locks are the instance
   * store's (skipped when held, as SKIP LOCKED does) and are released when the transaction ends.
   */
  private claimDueWith(
    instances: InMemoryExecutionStoreInstanceSource,
    input: ClaimDueExecutionsInput,
  ): Promise<ClaimedExecution[]> {
    const tryLock = instances.tryLockByUuid?.bind(instances);
    if (!tryLock) throw new WorkflowError("claimDue needs an instance store with tryLockByUuid");
    return this.transactionRunner.runInTransaction(async () => {
      const taken: ClaimedExecution[] = [];
      for (const execution of this.due(input.now)) {
        if (taken.length >= input.limit) break;
        const instance = tryLock(execution.workflowInstanceUuid);
        if (instance === "locked" || instance === null) continue;
        if (
          execution.attempts >= execution.policy.maxAttempts ||
          instance.version !== execution.instanceVersion
        ) {
          taken.push({ execution, claimed: false });
          continue;
        }
        execution.attempts++;
        startLease(execution, input.now);
        execution.revision++;
        execution.updatedAt = input.now.toISOString();
        this.write(execution.uuid, toJson(execution));
        // `due` parsed a fresh copy for this call, so it is returned as it is.
        taken.push({ execution, claimed: true });
      }
      return taken;
    });
  }

  private async countUsing(
    instances: InMemoryExecutionStoreInstanceSource,
    input: { workflowName: string; definitionVersion: number; excludeStates: string[] },
  ): Promise<number> {
    if (!instances.findInstanceUuids) {
      throw new WorkflowError("countInstancesUsingDefinition needs an instance store with findInstanceUuids");
    }
    const using = new Set<string>();
    let afterUuid: string | undefined;
    for (;;) {
      const page = await instances.findInstanceUuids({
        workflowName: input.workflowName,
        definitionVersion: input.definitionVersion,
        limit: PAGE_SIZE,
        afterUuid,
        excludeStates: input.excludeStates,
      });
      for (const uuid of page) {
        // `excludeStates` is only a hint for findInstanceUuids, so the state is checked again.
        const instance = await instances.findByUuid(uuid);
        if (instance && !input.excludeStates.includes(instance.currentState)) using.add(uuid.toLowerCase());
      }
      if (page.length < PAGE_SIZE) break;
      afterUuid = page[page.length - 1];
    }
    for (const row of this.all()) {
      if (
        ACTIVE_STATUSES.has(row.status) &&
        row.workflowName === input.workflowName &&
        (row.definition.version ?? 1) === input.definitionVersion
      ) {
        using.add(row.workflowInstanceUuid.toLowerCase());
      }
    }
    return using.size;
  }

  private assertSingleActive(execution: DurableWorkflowExecution): void {
    if (!ACTIVE_STATUSES.has(execution.status)) return;
    const other = this.all().find(
      (row) =>
        row.uuid !== execution.uuid &&
        row.workflowInstanceUuid === execution.workflowInstanceUuid &&
        ACTIVE_STATUSES.has(row.status),
    );
    if (other) {
      throw new WorkflowError(
        `Instance "${execution.workflowInstanceUuid}" already has an active durable execution "${other.uuid}"`,
      );
    }
  }

  /** Counts per status and the oldest `createdAt` of each. */
  async summarizeExecutions(): Promise<ExecutionStatusSummary[]> {
    return summarizeExecutionRows(this.all());
  }

  /** A keyset page of copies by availability then uuid. */
  async listExecutions(input: ListExecutionsInput): Promise<ExecutionPage> {
    return listExecutionRows(this.all(), input);
  }

  private all(): DurableWorkflowExecution[] {
    return [...this.rows.values()].map((text) => JSON.parse(text) as DurableWorkflowExecution);
  }

  private write(uuid: string, text: string): void {
    const previous = this.rows.get(uuid);
    this.rows.set(uuid, text);
    this.transactionRunner.recordUndo(() => {
      if (previous === undefined) this.rows.delete(uuid);
      else this.rows.set(uuid, previous);
    });
  }

  private requireTransaction(): void {
    if (!this.transactionRunner.isTransactionActive()) {
      throw new WorkflowError("WorkflowExecutionStore writes require an active transaction");
    }
  }
}

function toJson(execution: DurableWorkflowExecution): string {
  return JSON.stringify(execution);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
