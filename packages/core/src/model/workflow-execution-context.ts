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
