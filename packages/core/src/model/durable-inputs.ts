import type { TriggerWorkflowEventInput } from "./runtime-inputs.js";

/** Input of `enqueueEvent`: a trigger input whose `idempotencyKey` is required. */
export interface EnqueueWorkflowEventInput<TSubject = unknown> extends TriggerWorkflowEventInput<TSubject> {
  idempotencyKey: string;
}

/** Input of `processPendingExecutions`. */
export interface ProcessPendingExecutionsInput {
  /** Default 100. */
  limit?: number;
}

/** What one worker pass did; the arrays hold execution uuids. */
export interface ProcessPendingExecutionsResult {
  processed: number;
  completed: string[];
  progressed: string[];
  retrying: string[];
  parked: string[];
  skipped: string[];
  failed: { uuid: string; error: string }[];
}
