import { randomUUID } from "node:crypto";
import type { WorkflowHistoryRecord, WorkflowHistoryStore } from "../persistence/workflow-history-store.js";
import type { InMemoryTransactionRunner } from "./in-memory-transaction-runner.js";

interface Row {
  readonly uuid: string;
  readonly sequence: number;
  readonly record: WorkflowHistoryRecord;
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

  constructor(private readonly transactionRunner: InMemoryTransactionRunner) {}

  /** Appends a copy and returns its new uuid. */
  async append(record: WorkflowHistoryRecord): Promise<string> {
    const copy = structuredClone(record);
    const row: Row = {
      uuid: randomUUID(),
      sequence: ++this.sequence,
      record: { ...copy, triggerMetadata: copy.triggerMetadata ?? {}, createdAt: new Date() },
    };
    this.rows.push(row);
    this.transactionRunner.recordUndo(() => {
      const index = this.rows.indexOf(row);
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
      .map((row) => structuredClone(row.record));
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
