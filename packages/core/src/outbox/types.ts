import type { StateEnterEvent } from "../observer/types.js";

/** How an observer receives state-enter events. */
export type ObserverDelivery = "after-commit" | "outbox";

/** Where an outbox row stands: waiting (or leased by a relay), delivered, or parked after too many failures. */
export type WorkflowOutboxStatus = "pending" | "delivered" | "parked";

/** A row the runtime writes to the outbox, in the transaction of the transition that produced it. */
export interface NewWorkflowOutboxRecord {
  /** Stable id of this delivery: the same on every attempt and re-delivery (`event.eventId`). */
  uuid: string;
  observerName: string;
  workflowName: string;
  workflowInstanceUuid: string;
  /** The event as the observer will receive it (without `eventId`). */
  event: StateEnterEvent;
  createdAt: Date;
}

/** An outbox row as stored. */
export interface WorkflowOutboxRecord extends NewWorkflowOutboxRecord {
  /** Write order: rows of one instance and observer are delivered in ascending `seq`. */
  seq: number;
  status: WorkflowOutboxStatus;
  /** Claims so far (a claim counts even if its relay dies before reporting). */
  attempts: number;
  /** When a relay may claim the row next (retry backoff, or the end of a relay's lease). */
  availableAt: Date;
  /** Message of the last failed attempt, or `null`. */
  lastError: string | null;
  deliveredAt: Date | null;
}

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

/** Relay settings of the runtime (`WorkflowRuntimeOptions.outbox`). */
export interface WorkflowOutboxOptions {
  /** Attempts before a row is parked; positive integer, default 10. */
  maxAttempts?: number;
  /** Delay before the first retry in ms; doubles each attempt. Default 1,000. */
  initialDelayMs?: number;
  /** Cap of the retry delay in ms. Default 300,000. */
  maxDelayMs?: number;
  /** How long a claim holds a row before another relay may take it again, in ms. Default 60,000. */
  leaseMs?: number;
}

/** Input of `runtime.relayOutbox`. */
export interface RelayOutboxInput {
  /** Rows claimed by this pass; positive integer, default 100. */
  limit?: number;
}

/** What one relay pass did. */
export interface RelayOutboxResult {
  claimed: number;
  delivered: number;
  /** Failed attempts scheduled for a retry. */
  retried: number;
  /** Failed attempts that reached `maxAttempts` and were parked. */
  parked: number;
}

/** Input of `runtime.listOutbox`. */
export interface ListOutboxRecordsInput {
  status?: WorkflowOutboxStatus;
  workflowInstanceUuid?: string;
  /** Default 100. */
  limit?: number;
}

/** Input of `runtime.pruneOutbox`. */
export interface PruneOutboxInput {
  /** Delivered rows delivered before this time are deleted. */
  deliveredBefore: Date;
  /** Rows per batch (one transaction each); default 1,000. */
  batchSize?: number;
  /** Stop after this many batches; default unlimited. */
  maxBatches?: number;
}
