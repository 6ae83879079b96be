import {
  WAKE_CHANNEL,
  WorkflowError,
  encodeWakeSignal,
  type WorkflowWakeNotifier,
  type WorkflowWakeSignal,
} from "@duraflows/core";
import type { Pool } from "pg";
import { PgTransactionContext } from "./pg-transaction-context.js";

/**
 * `WorkflowWakeNotifier` with `pg_notify` on the active transaction's client: PostgreSQL sends the notice only
 * when that transaction commits (and drops it on rollback), so a woken worker always finds the work.
 */
export class PgWakeNotifier implements WorkflowWakeNotifier {
  /**
   * @param nearTimeoutMs - timeouts due within this many ms are signalled (default 60,000).
   */
  constructor(
    private readonly pool: Pool,
    readonly nearTimeoutMs = 60_000,
  ) {}

  /** Queues the signal on the transaction. */
  async notify(signal: WorkflowWakeSignal): Promise<void> {
    const client = PgTransactionContext.getClient(this.pool);
    if (client === undefined) throw new WorkflowError("PgWakeNotifier requires an active transaction");
    await client.query("SELECT pg_notify($1, $2)", [WAKE_CHANNEL, encodeWakeSignal(signal)]);
  }
}
