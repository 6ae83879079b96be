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

/** Pagination of `getHistory`. */
export interface GetHistoryOptions {
  limit?: number;
  offset?: number;
}
