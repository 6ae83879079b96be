import type { DurableWorkflowExecution, EnqueueWorkflowEventInput } from "../durable/types.js";
import type { WorkflowHistoryRecord } from "../persistence/workflow-history-store.js";

/** What a command (or guard-free step) reports back. */
export interface CommandResult {
  /** `false` marks a business failure: routes to `errorState`, or fails the transition without one. */
  ok: boolean;
  code?: string;
  message?: string;
  metadata?: Record<string, unknown>;
  error?: { name: string; message: string; stack?: string };
}

/** Durable-execution details available to a queued command as `ctx.durable`. */
export interface WorkflowDurableCommandContext {
  readonly executionUuid: string;
  /** Zero-based occurrence ordinal of this command in the execution journal, stable across retries. */
  readonly commandId: string;
  /** `"<executionUuid>:<commandId>"`: pass it to external services as their idempotency key. */
  readonly idempotencyKey: string;
  /** 1-based attempt number. */
  readonly attempt: number;
  /** Extends the worker's lease; call it during long work. */
  heartbeat(): Promise<void>;
}

/** Everything a command or guard sees about the transition it runs in. */
export interface WorkflowExecutionContext {
  /** Deep clone of the caller's trigger metadata (or `{}`), frozen. */
  readonly triggerMetadata: Readonly<Record<string, unknown>>;
  /** Clock value taken when the context was built. */
  readonly now: Date;
  /**
   * Mutable working copy of the instance context, shared by the commands of one transition; change it in place
   * (`ctx.context.key = value`). The property itself cannot be reassigned: a command doing so throws a
   * `TypeError`.
   */
  readonly context: Record<string, unknown>;
  /** Deep clone of the instance metadata, frozen (write-once data). */
  readonly metadata: Readonly<Record<string, unknown>>;
  /** Deep clone of the running command's (or guard's) ref metadata, frozen; `{}` outside a command. */
  readonly commandMetadata: Readonly<Record<string, unknown>>;
  /** State being left; `null` for the initial entry of `createInstance`. */
  readonly fromState: string | null;
  /** State being entered for this command (the declared target, not a later errorState routing). */
  readonly toState: string;
  /** Identifies one state entry. */
  readonly transitionUuid: string;
  /** Present only for queued (durable) execution. */
  readonly durable?: WorkflowDurableCommandContext;
}

/**
 * A command handler. Return `{ ok: true }` on success, `{ ok: false, code?, message? }` for a business
 * failure; throw for an unexpected error (the transaction rolls back).
 */
export interface WorkflowCommand<TSubject = unknown> {
  /** Optional descriptive name; registries key commands by the name they are registered under. */
  readonly name?: string;
  /** A best-effort command's failure or throw is recorded but never affects the outcome. */
  readonly bestEffort?: boolean;
  execute(subject: TSubject, ctx: WorkflowExecutionContext): CommandResult | Promise<CommandResult>;
}

/** A pure precondition evaluated before an event's commands. */
export interface WorkflowGuard<TSubject = unknown> {
  readonly name: string;
  evaluate(subject: TSubject, ctx: WorkflowExecutionContext): boolean | Promise<boolean>;
}

/** Retry bookkeeping of a failing timeout. `null` on the instance when nothing failed. */
export interface WorkflowTimeoutRetry {
  attempts: number;
  lastError: string;
  retryAt: Date | null;
  parkedAt: Date | null;
}

/** Backoff of failing timeouts: wait `min(maxDelayMs, initialDelayMs × 2^(n−1))`, park after `maxAttempts`. */
export interface WorkflowTimeoutRetryOptions {
  /** Default 60 000. */
  initialDelayMs?: number;
  /** Default 3 600 000. */
  maxDelayMs?: number;
  /** Default 10. */
  maxAttempts?: number;
}

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

/** The result of `triggerEvent`. */
export interface WorkflowExecutionResult {
  outcome: "success" | "failure" | "guard-rejected";
  fromState: string;
  /** The final landing state after any onEnter chain. */
  toState: string;
  commandResults: CommandResult[];
  /** Uuid of the last history row written. */
  historyUuid: string;
  rejectedBy?: string;
}

/** An event offered by the current state. */
export interface AvailableWorkflowEvent {
  eventName: string;
  targetState: string | undefined;
  errorState: string | undefined;
  hasCommands: boolean;
  hasTimeout: boolean;
  metadata: Record<string, unknown> | undefined;
}

/** Input of `createInstance`: the workflow, an initial context (wins over the state patch) and write-once metadata. */
export interface CreateWorkflowInstanceInput {
  workflowName: string;
  context?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  triggerMetadata?: Record<string, unknown>;
}

/** Input of `triggerEvent`; an `idempotencyKey` makes the call replayable (requires an idempotency store). */
export interface TriggerWorkflowEventInput<TSubject = unknown> {
  workflowInstanceUuid: string;
  eventName: string;
  subject?: TSubject;
  triggerMetadata?: Record<string, unknown>;
  idempotencyKey?: string;
  idempotencyFingerprint?: string;
}

/** Input of `getAvailableEvents`. */
export interface GetAvailableEventsInput {
  workflowInstanceUuid: string;
}

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

/** Pagination of `getHistory`. */
export interface GetHistoryOptions {
  limit?: number;
  offset?: number;
}

/** What {@link WorkflowHandle} needs; implemented by `WorkflowRuntime` (and the NestJS `WorkflowService`). */
export interface WorkflowRuntimeClient {
  getInstance(uuid: string): Promise<WorkflowInstance | null>;
  triggerEvent(input: TriggerWorkflowEventInput): Promise<WorkflowExecutionResult>;
  getAvailableEvents(input: GetAvailableEventsInput): Promise<AvailableWorkflowEvent[]>;
  getHistory(uuid: string, options?: GetHistoryOptions): Promise<WorkflowHistoryRecord[]>;
  enqueueEvent?(input: EnqueueWorkflowEventInput): Promise<DurableWorkflowExecution>;
}
