import type { NewWorkflowOutboxRecord, WorkflowOutboxRecord, WorkflowOutboxStatus } from "../model/outbox.js";

/** Input of {@link WorkflowOutboxStore.claimDue}. */
export interface ClaimOutboxInput {
  /** Rows with `availableAt <= now` are due. */
  now: Date;
  /** The claimed rows become due again at this time if the relay never reports back. */
  leaseUntil: Date;
  /** At most this many rows. */
  limit: number;
  /** Only rows of these observers (the ones registered on the claiming runtime). */
  observerNames: readonly string[];
}

/** Input of {@link WorkflowOutboxStore.list}. */
export interface ListOutboxInput {
  status?: WorkflowOutboxStatus;
  workflowInstanceUuid?: string;
  /** Positive integer. */
  limit: number;
}

/** A failed delivery to record. */
export interface OutboxFailure {
  uuid: string;
  /** The row's `attempts` as claimed: a report for an older claim is ignored. */
  attempts: number;
  error: string;
  /** When to try again, or `null` to park the row. */
  retryAt: Date | null;
}

/**
 * Persistence of the transactional outbox (`workflow_outbox`). `append` runs inside the workflow transaction;
 * every other method runs in a transaction of its own that the runtime opens.
 */
export interface WorkflowOutboxStore {
  /** Inserts rows in the order given (their `seq` follows that order). Adapters may also wake listeners. */
  append(rows: readonly NewWorkflowOutboxRecord[]): Promise<void>;
  /**
   * Claims due pending rows of `observerNames`, oldest first, taking only the oldest pending row of each
   * instance and observer (so order holds), skipping rows another relay holds. Each claimed row gets `attempts + 1` and
   * `availableAt = leaseUntil`; the rows are returned with those values.
   */
  claimDue(input: ClaimOutboxInput): Promise<WorkflowOutboxRecord[]>;
  /** Marks pending rows delivered. */
  markDelivered(uuids: readonly string[], at: Date): Promise<void>;
  /** Records a failed attempt: back to pending at `retryAt`, or parked. */
  markFailed(failure: OutboxFailure): Promise<void>;
  /** Rows, oldest first. */
  list(input: ListOutboxInput): Promise<WorkflowOutboxRecord[]>;
  /** Makes a row pending and due at `now` with zero attempts; `null` when it does not exist. */
  redeliver(uuid: string, now: Date): Promise<WorkflowOutboxRecord | null>;
  /** Deletes up to `limit` delivered rows delivered before `before`; returns how many. */
  deleteDelivered(input: { before: Date; limit: number }): Promise<number>;
}
