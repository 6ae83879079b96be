import type { StateEnterEvent } from "./state-enter-event.js";

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
