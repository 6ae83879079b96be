import type { WorkflowPersistenceProvider } from "@duraflows/core";
import type { Pool } from "pg";
import { PgTransactionRunner, type PgTransactionRunnerOptions } from "./pg-transaction-runner.js";
import { PgWorkflowDefinitionStore } from "./pg-workflow-definition-store.js";
import { PgWorkflowExecutionStore } from "./pg-workflow-execution-store.js";
import { PgWorkflowHistoryStore } from "./pg-workflow-history-store.js";
import { PgWorkflowIdempotencyStore } from "./pg-workflow-idempotency-store.js";
import { PgWorkflowInstanceStore } from "./pg-workflow-instance-store.js";
import { PgWorkflowOutboxStore } from "./pg-workflow-outbox-store.js";
import { PgWakeNotifier } from "./pg-wake-notifier.js";

/** Options of {@link pgWorkflowProviders}: the runner's timeouts plus the optional stores. */
export interface PgWorkflowProvidersOptions extends PgTransactionRunnerOptions {
  /** Adds `idempotencyStore` (needs the `workflow_event_idempotency` table, dbmate 007). Default off. */
  idempotency?: boolean;
  /** Adds `executionStore` (needs the `workflow_executions` table, dbmate 008). Default off. */
  durableExecution?: boolean;
  /** Adds `outboxStore` (the `workflow_outbox` table, dbmate 010) for `delivery: "outbox"`. Default off. */
  outbox?: boolean;
  /**
   * Adds `wakeNotifier`: `pg_notify` on enqueue and on arming a timeout due within `nearTimeoutMs` (default
   * 60,000), sent on commit, so workers listening with `createPgWakeSource` start at once. Outbox writes always
   * notify. Default off.
   */
  notify?: boolean | { nearTimeoutMs?: number };
}

/**
 * Builds the persistence provider of the runtime on one `pg` pool: instance, history and definition stores and
 * a `PgTransactionRunner`, plus the idempotency and execution stores when enabled (absent otherwise).
 *
 * @example
 * ```ts
 * import pg from "pg";
 * import { WorkflowRuntime } from "@duraflows/core";
 * import { pgWorkflowProviders } from "@duraflows/pg";
 *
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * const runtime = new WorkflowRuntime({
 *   ...pgWorkflowProviders(pool, { lockTimeoutMs: 5_000, idempotency: true }),
 *   definitionRegistry,
 *   commandRegistry,
 * });
 * ```
 */
export function pgWorkflowProviders(
  pool: Pool,
  options: PgWorkflowProvidersOptions = {},
): WorkflowPersistenceProvider {
  return {
    instanceStore: new PgWorkflowInstanceStore(pool),
    historyStore: new PgWorkflowHistoryStore(pool),
    transactionRunner: new PgTransactionRunner(pool, options),
    definitionStore: new PgWorkflowDefinitionStore(pool),
    ...(options.durableExecution ? { executionStore: new PgWorkflowExecutionStore(pool) } : {}),
    ...(options.idempotency ? { idempotencyStore: new PgWorkflowIdempotencyStore(pool) } : {}),
    ...(options.outbox ? { outboxStore: new PgWorkflowOutboxStore(pool) } : {}),
    ...(options.notify
      ? {
          wakeNotifier: new PgWakeNotifier(
            pool,
            typeof options.notify === "object" ? options.notify.nearTimeoutMs : undefined,
          ),
        }
      : {}),
  };
}
