import type { DurableWorkflowExecution } from "../model/durable-execution.js";

/** Input of {@link WorkflowExecutionStore.claimDue}. */
export interface ClaimDueExecutionsInput {
  /** At most this many executions are taken. */
  limit: number;
  /** The worker's clock reading: due means available at or before it, lease absent or ended by it. */
  now: Date;
}

/**
 * One execution a batch claim took. `claimed: true` — the store leased it (the record as saved); `claimed:
 * false` — it was due but not leasable in the batch (attempt limit reached, or its instance changed since
 * acceptance): the record as stored, left to the runtime's one-by-one claim, which parks it.
 */
export interface ClaimedExecution {
  execution: DurableWorkflowExecution;
  claimed: boolean;
}
