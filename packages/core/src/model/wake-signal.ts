/**
 * What a wake-up says: durable work was enqueued, an outbox row was written, or a timeout was armed that falls
 * due at `at` (a worker then wakes at that time instead of at its next poll).
 */
export type WorkflowWakeSignal =
  | { readonly kind: "execution" }
  | { readonly kind: "outbox" }
  | { readonly kind: "timeout"; readonly at: Date };
