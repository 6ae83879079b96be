import type { WorkflowInstance } from "./workflow-instance.js";

/** Input of `processExpiredWorkflows`. */
export interface ProcessExpiredWorkflowsInput {
  /** Default 100. */
  limit?: number;
}

/** What one timeout sweep did: counts, business failures, failed (retried or parked) timeouts. */
export interface ProcessExpiredWorkflowsResult {
  processed: number;
  rejected: number;
  businessFailed: { uuid: string; finalState: string }[];
  failed: { uuid: string; error: string; attempts?: number; retryAt?: Date | null }[];
  parked: { uuid: string; error: string }[];
}

/** Input of `findParkedTimeouts`. */
export interface FindParkedTimeoutsInput {
  /** Default 100. */
  limit?: number;
  workflowName?: string;
}

/** What the batch path of the sweep did with one scanned batch. */
export interface TimeoutBatch {
  /**
   * Every instance the scan claimed, in due order (snapshots as read), less those found to own an active
   * durable execution once their rows were locked.
   */
  scanned: WorkflowInstance[];
  /** Uuids the batch moved and committed; the rest go through the per-instance path. */
  handled: ReadonlySet<string>;
}
