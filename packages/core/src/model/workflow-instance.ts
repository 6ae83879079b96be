import type { WorkflowTimeoutRetry } from "./workflow-timeout-retry.js";

/** A persisted workflow instance. */
export interface WorkflowInstance {
  uuid: string;
  workflowName: string;
  currentState: string;
  /** Optimistic-lock counter, incremented by every write. */
  version: number;
  /** Definition version the instance is stamped with; `null` for legacy instances. */
  definitionVersion: number | null;
  expiresAt: Date | null;
  timeoutRetry: WorkflowTimeoutRetry | null;
  lastTransitionAt: Date;
  context: Record<string, unknown>;
  /** Write-once metadata. */
  metadata: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}
