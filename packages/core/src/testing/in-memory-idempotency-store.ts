import { WorkflowError } from "../errors/workflow-error.js";
import type {
  WorkflowIdempotencyRecord,
  WorkflowIdempotencyReservation,
  WorkflowIdempotencyStore,
} from "../persistence/workflow-idempotency-store.js";
import type { WorkflowExecutionResult } from "../model/workflow-execution-result.js";
import type { InMemoryTransactionRunner } from "./in-memory-transaction-runner.js";

/**
 * A {@link WorkflowIdempotencyStore} in memory. Every method requires an active transaction of the runner;
 * receipts roll back with it. Keys compare exactly (no case folding or Unicode normalisation).
 *
 * @example
 * ```ts
 * const receipts = new InMemoryIdempotencyStore(runner);
 * ```
 */
export class InMemoryIdempotencyStore implements WorkflowIdempotencyStore {
  private readonly rows = new Map<string, WorkflowIdempotencyRecord>();

  constructor(private readonly transactionRunner: InMemoryTransactionRunner) {}

  /** The receipt, or `null`. */
  async find(workflowInstanceUuid: string, key: string): Promise<WorkflowIdempotencyRecord | null> {
    this.requireTransaction();
    const row = this.rows.get(keyOf(workflowInstanceUuid, key));
    return row ? structuredClone(row) : null;
  }

  /** Inserts a reservation (`result: null`); an existing one throws and stays untouched. */
  async reserve(reservation: WorkflowIdempotencyReservation): Promise<void> {
    this.requireTransaction();
    const key = keyOf(reservation.workflowInstanceUuid, reservation.key);
    if (this.rows.has(key)) throw new WorkflowError("Idempotency reservation already exists");
    const row: WorkflowIdempotencyRecord = {
      workflowInstanceUuid: reservation.workflowInstanceUuid,
      key: reservation.key,
      eventName: reservation.eventName,
      result: null,
      createdAt: new Date(),
    };
    if (reservation.fingerprint !== undefined) row.fingerprint = reservation.fingerprint;
    this.set(key, row);
  }

  /** Stores the result once; a missing or completed reservation throws. */
  async complete(workflowInstanceUuid: string, key: string, result: WorkflowExecutionResult): Promise<void> {
    this.requireTransaction();
    const rowKey = keyOf(workflowInstanceUuid, key);
    const row = this.rows.get(rowKey);
    if (!row || row.result !== null) {
      throw new WorkflowError("Idempotency reservation is missing or already completed");
    }
    this.set(rowKey, { ...row, result: JSON.parse(JSON.stringify(result)) as WorkflowExecutionResult });
  }

  private set(key: string, row: WorkflowIdempotencyRecord): void {
    const previous = this.rows.get(key);
    this.rows.set(key, row);
    this.transactionRunner.recordUndo(() => {
      if (previous) this.rows.set(key, previous);
      else this.rows.delete(key);
    });
  }

  private requireTransaction(): void {
    if (!this.transactionRunner.isTransactionActive()) {
      throw new WorkflowError("WorkflowIdempotencyStore requires an active transaction");
    }
  }
}

function keyOf(workflowInstanceUuid: string, key: string): string {
  return JSON.stringify([workflowInstanceUuid, key]);
}
