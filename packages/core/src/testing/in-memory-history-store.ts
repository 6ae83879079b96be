import { deepClone } from "../util/deep-clone.js";
import { randomUUID } from "node:crypto";
import type { WorkflowHistoryRecord, WorkflowHistoryStore } from "../persistence/workflow-history-store.js";
import type { WorkflowInstance } from "../runtime/types.js";
import type { InMemoryInstanceStore } from "./in-memory-instance-store.js";
import type { InMemoryTransactionRunner } from "./in-memory-transaction-runner.js";

interface Row {
  readonly uuid: string;
  readonly sequence: number;
  readonly record: WorkflowHistoryRecord;
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
  private sequence = 0;

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
    if (instances) {
      // Not `async`: `append`'s promise is returned as is (no extra microtask hops); throws become rejections.
      this.appendWithInstanceUpdate = (instance, record) => {
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

  /** Appends a copy and returns its new uuid. */
  async append(record: WorkflowHistoryRecord): Promise<string> {
    return this.appendNow(record);
  }

  /** Appends copies in order and returns their uuids in the same order. */
  async appendMany(records: readonly WorkflowHistoryRecord[]): Promise<string[]> {
    return records.map((record) => this.appendNow(record));
  }

  private appendNow(record: WorkflowHistoryRecord): string {
    // The clone is private to this row, so it is completed in place (same keys, same order as a spread).
    const copy = deepClone(record);
    // The row's uuid is the store's to assign; it is put back in front of the fields on read.
    delete copy.uuid;
    copy.triggerMetadata = copy.triggerMetadata ?? {};
    copy.createdAt = new Date();
    const row: Row = { uuid: randomUUID(), sequence: ++this.sequence, record: copy };
    this.rows.push(row);
    this.transactionRunner.recordUndo(() => {
      const index = this.rows.lastIndexOf(row);
      if (index >= 0) this.rows.splice(index, 1);
    });
    return row.uuid;
  }

  /** Rows of the instance, newest first; defaults limit 50, offset 0. */
  async findByInstanceUuid(
    uuid: string,
    options: { limit?: number; offset?: number } = {},
  ): Promise<WorkflowHistoryRecord[]> {
    const limit = options.limit ?? 50;
    const offset = options.offset ?? 0;
    return this.rows
      .filter((row) => row.record.workflowInstanceUuid === uuid)
      .sort((a, b) => b.sequence - a.sequence)
      .slice(offset, offset + limit)
      .map((row) => ({ uuid: row.uuid, ...deepClone(row.record) }));
  }

  /**
   * The uuid each row of the instance was appended under, newest first (test helper).
   *
   * @internal
   */
  uuidsOf(instanceUuid: string): string[] {
    return this.rows
      .filter((row) => row.record.workflowInstanceUuid === instanceUuid)
      .sort((a, b) => b.sequence - a.sequence)
      .map((row) => row.uuid);
  }
}
