import type { WorkflowWakeSignal } from "../model/wake-signal.js";

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
