import type { DurableExecutionStatus, DurableWorkflowExecution } from "../model/durable-execution.js";

/** Per-status counts of {@link WorkflowExecutionReads.summarizeExecutions}. */
export interface ExecutionStatusSummary {
  status: DurableExecutionStatus;
  count: number;
  /** Earliest `createdAt` (ISO) among the executions in this status. */
  oldestCreatedAt: string;
}

/** Filters and page of {@link WorkflowExecutionReads.listExecutions}. */
export interface ListExecutionsInput {
  status?: DurableExecutionStatus;
  workflowInstanceUuid?: string;
  /** Page size, a positive integer. */
  limit: number;
  /** `nextCursor` of the previous page; absent for the first page. */
  after?: string;
}

/** A page of executions, oldest availability first (then uuid). */
export interface ExecutionPage {
  items: DurableWorkflowExecution[];
  /** Opaque cursor of the next page, `null` when this page is the last one. */
  nextCursor: string | null;
}

/** Optional read capabilities of an execution store, used by dashboards and operators. Plain reads. */
export interface WorkflowExecutionReads {
  /** One entry per status that has executions. */
  summarizeExecutions?(): Promise<ExecutionStatusSummary[]>;
  /**
   * A page of executions ordered by `availableAt` then uuid (ascending), with keyset pagination (`after`).
   * A malformed cursor throws `InvalidArgumentError`.
   */
  listExecutions?(input: ListExecutionsInput): Promise<ExecutionPage>;
}
