import type { WorkflowDefinition } from "../definition/types.js";
import type { CommandResult } from "./command-result.js";
import type { WorkflowExecutionResult } from "./workflow-execution-result.js";
import type { DurableExecutionOptions } from "./durable-execution-options.js";

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
