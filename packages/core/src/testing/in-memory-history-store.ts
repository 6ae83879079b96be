import { copyField, deepClone } from "../util/deep-clone.js";
import { randomUuid } from "../util/random-uuid.js";
import { WorkflowError } from "../errors/workflow-error.js";
import type {
  HistoryPruneBatch,
  InstancePurgeBatch,
  WorkflowHistoryStore,
} from "../persistence/workflow-history-store.js";
import type { WorkflowHistoryRecord } from "../model/workflow-history-record.js";
import type { WorkflowInstance } from "../model/workflow-instance.js";
import type { InMemoryInstanceStore } from "./in-memory-instance-store.js";
import type { InMemoryTransactionRunner } from "./in-memory-transaction-runner.js";

/* Shared by every stored row whose metadata or results are empty; stored rows are never handed out (reads copy). */
const NO_METADATA: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;
const NO_RESULTS = Object.freeze([]) as unknown as WorkflowHistoryRecord["commandResultsJson"];

/**
 * A stored row: the record's fields with the store's uuid, append sequence and time, in one object of one shape
 * (it is kept for as long as the store lives, so it is kept small). Object-valued fields are the store's own
 * copies (empty metadata and results share one frozen value); reads copy them again.
 */
interface Row {
  readonly uuid: string;
  readonly sequence: number;
  readonly workflowInstanceUuid: string;
  readonly fromState: string | null;
  readonly eventName: string;
  readonly toState: string;
  readonly outcome: WorkflowHistoryRecord["outcome"];
  readonly errorMessage: string | undefined;
  readonly rejectedBy: string | undefined;
  readonly commandResultsJson: WorkflowHistoryRecord["commandResultsJson"];
  readonly triggerMetadata: Record<string, unknown>;
  readonly definitionVersion: number | null | undefined;
  /** Epoch milliseconds of the append (a number: no Date object per kept row). */
  readonly createdAt: number;
}

/**
 * The row the store keeps for `record`: `triggerMetadata` defaults to `{}`; a `uuid` given by the caller is not
 * kept (the store assigns one). A fixed layout is also what makes this copy cheap: one object of one shape per
 * row, instead of a generic deep clone of whatever the caller passed.
 */
function storedRow(record: WorkflowHistoryRecord, uuid: string, sequence: number): Row {
  const results = record.commandResultsJson;
  const metadata = record.triggerMetadata;
  return {
    uuid,
    sequence,
    workflowInstanceUuid: record.workflowInstanceUuid,
    fromState: record.fromState,
    eventName: record.eventName,
    toState: record.toState,
    outcome: record.outcome,
    errorMessage: record.errorMessage,
    rejectedBy: record.rejectedBy,
    commandResultsJson: Array.isArray(results) && results.length === 0 ? NO_RESULTS : copyField(results),
    triggerMetadata: metadata == null || isEmptyObject(metadata) ? NO_METADATA : copyField(metadata),
    definitionVersion: record.definitionVersion,
    createdAt: Date.now(),
  };
}

/**
 * A copy of a stored row for a caller, in the layout every read returns (the one the SQL stores read back):
 * its uuid first, then the record's fields in a fixed order and `createdAt`.
 */
function readCopy(row: Row): WorkflowHistoryRecord {
  return {
    uuid: row.uuid,
    workflowInstanceUuid: row.workflowInstanceUuid,
    fromState: row.fromState,
    eventName: row.eventName,
    toState: row.toState,
    outcome: row.outcome,
    errorMessage: row.errorMessage,
    rejectedBy: row.rejectedBy,
    commandResultsJson: deepClone(row.commandResultsJson),
    triggerMetadata: deepClone(row.triggerMetadata),
    definitionVersion: row.definitionVersion,
    createdAt: new Date(row.createdAt),
  };
}

function isEmptyObject(value: object): boolean {
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  for (const key in value) if (Object.hasOwn(value, key)) return false;
  return true;
}

/** Options of {@link InMemoryHistoryStore}. */
export interface InMemoryHistoryStoreOptions {
  /**
   * The instance store on the same transaction runner; when given, the store declares
   * `appendWithInstanceUpdate` (instance write and history row in one call).
   */
  instanceStore?: InMemoryInstanceStore;
}

/**
 * A {@link WorkflowHistoryStore} in memory. `createdAt` is the wall-clock time of the append (as a database
 * would assign it); rows are returned newest first by append order, so rows of one transition are reliably
 * ordered. Appends made in a transaction that rolls back disappear.
 *
 * @example
 * ```ts
 * const history = new InMemoryHistoryStore(runner);
 * ```
 */
export class InMemoryHistoryStore implements WorkflowHistoryStore {
  private readonly rows: Row[] = [];
  private readonly instances: InMemoryInstanceStore | undefined;
  private sequence = 0;
  private readonly pairedWrite: InMemoryHistoryStore["appendWithInstanceUpdate"];

  /**
   * Present only when constructed with a paired `instanceStore`: `update` of the instance, then `append`.
   * A version mismatch throws the instance store's optimistic-locking error and appends nothing.
   */
  readonly appendWithInstanceUpdate?: (
    instance: WorkflowInstance,
    record: WorkflowHistoryRecord,
  ) => Promise<string>;

  constructor(
    private readonly transactionRunner: InMemoryTransactionRunner,
    options: InMemoryHistoryStoreOptions = {},
  ) {
    const instances = options.instanceStore;
    this.instances = instances;
    if (instances) {
      // Not `async`: `append`'s promise is returned as is (no extra microtask hops); throws become rejections.
      this.appendWithInstanceUpdate = this.pairedWrite = (instance, record) => {
        try {
          instances.updateNow(instance);
          // Through the public method, so a test that stubs `append` also stubs the paired write.
          return this.append(record);
        } catch (error) {
          return Promise.reject(error);
        }
      };
    }
  }

  /**
   * Whether writing an instance of `instanceStore` and then its row synchronously (`updateNow`, `appendNow`) is
   * what `appendWithInstanceUpdate` would do: it is still this store's own (not replaced) and pairs that
   * instance store, or the store has none.
   *
   * @internal
   */
  pairsWith(instanceStore: object): boolean {
    return (
      this.appendWithInstanceUpdate === this.pairedWrite &&
      (this.instances === undefined || this.instances === instanceStore)
    );
  }

  /** Appends a copy and returns its new uuid. */
  async append(record: WorkflowHistoryRecord): Promise<string> {
    return this.appendNow(record);
  }

  /** Appends copies in order and returns their uuids in the same order. */
  async appendMany(records: readonly WorkflowHistoryRecord[]): Promise<string[]> {
    return records.map((record) => this.appendNow(record));
  }

  /**
   * The synchronous body of `append`.
   *
   * @internal
   */
  appendNow(record: WorkflowHistoryRecord): string {
    const row = storedRow(record, randomUuid(), ++this.sequence);
    this.rows.push(row);
    this.transactionRunner.recordUndo(() => {
      const index = this.rows.lastIndexOf(row);
      if (index >= 0) this.rows.splice(index, 1);
    });
    return row.uuid;
  }

  /** Deletes up to `batch.limit` rows matching the batch, oldest first; never an instance's newest row. */
  async pruneHistoryBatch(batch: HistoryPruneBatch): Promise<number> {
    const doomed = this.prunable(batch).slice(0, batch.limit);
    this.remove(new Set(doomed));
    return doomed.length;
  }

  /** How many rows `pruneHistoryBatch` would delete without a limit. */
  async countPrunableHistory(batch: Omit<HistoryPruneBatch, "limit">): Promise<number> {
    return this.prunable(batch).length;
  }

  /**
   * Deletes up to `batch.limit` terminal instances with their history. Needs the paired `instanceStore`
   * (without it nothing is known about instances and it throws). Receipts and executions of other in-memory
   * stores are not touched.
   */
  async purgeInstancesBatch(batch: InstancePurgeBatch): Promise<number> {
    const instances = this.requireInstances();
    const uuids = instances.terminalUuidsNow(
      batch.workflowName,
      batch.terminalStates,
      batch.terminalBefore,
      batch.limit,
    );
    const doomed = new Set(uuids);
    this.remove(new Set(this.rows.filter((row) => doomed.has(row.workflowInstanceUuid))));
    for (const uuid of uuids) instances.deleteNow(uuid);
    return uuids.length;
  }

  /** How many instances `purgeInstancesBatch` would delete without a limit. */
  async countPurgeableInstances(batch: Omit<InstancePurgeBatch, "limit">): Promise<number> {
    return this.requireInstances().terminalUuidsNow(
      batch.workflowName,
      batch.terminalStates,
      batch.terminalBefore,
      Number.POSITIVE_INFINITY,
    ).length;
  }

  private requireInstances(): InMemoryInstanceStore {
    if (!this.instances)
      throw new WorkflowError(
        "purgeInstances needs an InMemoryHistoryStore constructed with its instanceStore",
      );
    return this.instances;
  }

  /** Rows matching the rule, oldest first. */
  private prunable(batch: Omit<HistoryPruneBatch, "limit">): Row[] {
    const newerCount = new Map<Row, number>();
    const seen = new Map<string, number>();
    // Newest first, so each row's count of newer rows of its instance is known when it is reached.
    for (const row of [...this.rows].sort((a, b) => b.sequence - a.sequence)) {
      const instance = row.workflowInstanceUuid;
      const newer = seen.get(instance) ?? 0;
      newerCount.set(row, newer);
      seen.set(instance, newer + 1);
    }
    return this.rows
      .filter((row) => newerCount.get(row)! >= batch.keepLast)
      .filter((row) => batch.olderThan === null || row.createdAt < batch.olderThan.getTime())
      .filter(
        (row) =>
          batch.workflowName === null ||
          this.instances?.workflowNameOf(row.workflowInstanceUuid) === batch.workflowName,
      )
      .sort((a, b) => a.sequence - b.sequence);
  }

  private remove(doomed: Set<Row>): void {
    if (doomed.size === 0) return;
    const before = [...this.rows];
    const kept = before.filter((row) => !doomed.has(row));
    this.rows.length = 0;
    this.rows.push(...kept);
    this.transactionRunner.recordUndo(() => {
      this.rows.length = 0;
      this.rows.push(...before);
    });
  }

  /** Rows of the instance, newest first; defaults limit 50, offset 0. */
  async findByInstanceUuid(
    uuid: string,
    options: { limit?: number; offset?: number } = {},
  ): Promise<WorkflowHistoryRecord[]> {
    const limit = options.limit ?? 50;
    const offset = options.offset ?? 0;
    return this.rows
      .filter((row) => row.workflowInstanceUuid === uuid)
      .sort((a, b) => b.sequence - a.sequence)
      .slice(offset, offset + limit)
      .map(readCopy);
  }

  /**
   * The uuid each row of the instance was appended under, newest first (test helper).
   *
   * @internal
   */
  uuidsOf(instanceUuid: string): string[] {
    return this.rows
      .filter((row) => row.workflowInstanceUuid === instanceUuid)
      .sort((a, b) => b.sequence - a.sequence)
      .map((row) => row.uuid);
  }
}
