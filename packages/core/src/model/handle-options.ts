/** Options of {@link WorkflowHandle.triggerEvent}. */
export interface HandleTriggerOptions<TSubject = unknown> {
  subject?: TSubject;
  triggerMetadata?: Record<string, unknown>;
  idempotencyKey?: string;
  idempotencyFingerprint?: string;
}

/** Options of {@link WorkflowHandle.enqueueEvent}. */
export interface HandleEnqueueOptions<TSubject = unknown> extends HandleTriggerOptions<TSubject> {
  idempotencyKey: string;
}
