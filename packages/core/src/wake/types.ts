/**
 * What a wake-up says: durable work was enqueued, an outbox row was written, or a timeout was armed that falls
 * due at `at` (a worker then wakes at that time instead of at its next poll).
 */
export type WorkflowWakeSignal =
  | { readonly kind: "execution" }
  | { readonly kind: "outbox" }
  | { readonly kind: "timeout"; readonly at: Date };

/**
 * Sends wake-ups from inside the workflow transaction, so they reach listeners only when it commits (the SQL
 * adapters use `pg_notify`). Optional member of a persistence provider.
 */
export interface WorkflowWakeNotifier {
  /** Queues `signal` on the active transaction. */
  notify(signal: WorkflowWakeSignal): Promise<void>;
  /**
   * Timeouts due within this many ms of being armed are signalled; later ones are left to polling. Default
   * 60,000.
   */
  readonly nearTimeoutMs?: number;
}

/** A stream of wake-ups a worker subscribes to (e.g. `LISTEN` on a dedicated connection). */
export interface WorkflowWakeSource {
  /** Starts delivering signals to `listener`; returns the function that stops. */
  subscribe(listener: (signal: WorkflowWakeSignal) => void): () => void;
}
