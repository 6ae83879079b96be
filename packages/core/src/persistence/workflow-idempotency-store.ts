import type { WorkflowExecutionResult } from "../model/workflow-execution-result.js";

/** A receipt reserved for a keyed `triggerEvent` call, identified by `(workflowInstanceUuid, key)`. */
export interface WorkflowIdempotencyReservation {
  workflowInstanceUuid: string;
  key: string;
  eventName: string;
  fingerprint?: string;
}

/** A stored receipt: the reservation plus the replayable result. */
export interface WorkflowIdempotencyRecord extends WorkflowIdempotencyReservation {
  /** `null` while the first call is still running. */
  result: WorkflowExecutionResult | null;
  createdAt: Date;
}

/**
 * Receipts of keyed `triggerEvent` calls. Every method requires the active workflow transaction and throws
 * outside it; receipts commit and roll back with that transaction.
 */
export interface WorkflowIdempotencyStore {
  find(workflowInstanceUuid: string, key: string): Promise<WorkflowIdempotencyRecord | null>;
  /** Inserts a reservation; throws if one exists (never overwrites). */
  reserve(reservation: WorkflowIdempotencyReservation): Promise<void>;
  /** Stores the result; throws when the reservation is missing or already completed. */
  complete(workflowInstanceUuid: string, key: string, result: WorkflowExecutionResult): Promise<void>;
}
