import type { WorkflowDefinition } from "../definition/types.js";
import type { WorkflowExecutionReads } from "../reads/execution-reads.js";
import type { CommandResult, TriggerWorkflowEventInput, WorkflowExecutionResult } from "../runtime/types.js";

/** Input of `enqueueEvent`: a trigger input whose `idempotencyKey` is required. */
export interface EnqueueWorkflowEventInput<TSubject = unknown> extends TriggerWorkflowEventInput<TSubject> {
  idempotencyKey: string;
}

/** Lease and retry policy of durable workers. */
export interface DurableExecutionOptions {
  /** Default 30 000. */
  leaseDurationMs?: number;
  /** Default 1 000. */
  initialDelayMs?: number;
  /** Default 3 600 000. */
  maxDelayMs?: number;
  /** Default 10. */
  maxAttempts?: number;
}

/** One completed command occurrence in the durable journal. */
export interface WorkflowCommandCheckpoint {
  /** Zero-based occurrence ordinal (journal position) as a string. */
  id: string;
  name: string;
  result: CommandResult;
  /** Working context after the command ran. */
  context: Record<string, unknown>;
  attempts: number;
  /** ISO timestamp. */
  completedAt: string;
}

/** Status of a durable execution. `pending`, `running` and `parked` occupy the instance. */
export type DurableExecutionStatus = "pending" | "running" | "parked" | "completed" | "cancelled";

/** A queued event and its progress. Timestamps are ISO strings; the record is plain JSON. */
export interface DurableWorkflowExecution {
  uuid: string;
  workflowInstanceUuid: string;
  workflowName: string;
  eventName: string;
  idempotencyKey: string;
  idempotencyFingerprint?: string;
  status: DurableExecutionStatus;
  revision: number;
  definition: WorkflowDefinition;
  bestEffortCommands: string[];
  instanceVersion: number;
  fromState: string;
  initialContext: Record<string, unknown>;
  metadata: Record<string, unknown>;
  subject?: unknown;
  triggerMetadata: Record<string, unknown>;
  journal: WorkflowCommandCheckpoint[];
  rejectedBy?: string;
  result: WorkflowExecutionResult | null;
  attempts: number;
  lastError: string | null;
  availableAt: string;
  leaseToken: string | null;
  leaseUntil: string | null;
  createdAt: string;
  updatedAt: string;
  policy: Required<DurableExecutionOptions>;
  maxOnEnterDepth: number;
}

/**
 * Stores durable executions. Inserts and updates require the active transaction. At most one active
 * (pending/running/parked) execution per instance; `(instance, key)` is unique. Stores keep JSON copies. The
 * optional read capabilities of {@link WorkflowExecutionReads} serve dashboards.
 */
export interface WorkflowExecutionStore extends WorkflowExecutionReads {
  create(execution: DurableWorkflowExecution): Promise<void>;
  /** Optimistic: writes only when the stored revision equals `execution.revision - 1`. */
  update(execution: DurableWorkflowExecution): Promise<void>;
  findByUuid(uuid: string): Promise<DurableWorkflowExecution | null>;
  findByKey(workflowInstanceUuid: string, key: string): Promise<DurableWorkflowExecution | null>;
  /** The pending, running or parked execution of the instance, if any. */
  findActive(workflowInstanceUuid: string): Promise<DurableWorkflowExecution | null>;
  /**
   * Optional: the uuids, among `workflowInstanceUuids`, of instances that own a pending, running or parked
   * execution (any letter case in, lowercase or as stored out; each at most once). Read with a fresh statement:
   * the timeout sweep calls it after locking a batch of due rows, so an execution committed while its scan ran
   * is seen. Without it the sweep calls `findActive` once per locked row.
   */
  findActiveInstanceUuids?(workflowInstanceUuids: readonly string[]): Promise<string[]>;
  /** Pending/running, available, lease absent or expired; by availability then uuid. A hint only. */
  findDue(limit: number, now: Date): Promise<DurableWorkflowExecution[]>;
  /** Distinct instances stamped with the version (state not excluded) or owning an active execution of it. */
  countInstancesUsingDefinition?(input: {
    workflowName: string;
    definitionVersion: number;
    excludeStates: string[];
  }): Promise<number>;
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
