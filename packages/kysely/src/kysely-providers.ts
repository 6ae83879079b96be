import type { WorkflowPersistenceProvider } from "@duraflows/core";
import type { Kysely, Transaction } from "kysely";
import type { WorkflowDatabase } from "./kysely-database.js";
import { KyselyTransactionBoundRunner } from "./kysely-transaction-bound-runner.js";
import { KyselyTransactionRunner, type KyselyTransactionRunnerOptions } from "./kysely-transaction-runner.js";
import { KyselyWorkflowDefinitionStore } from "./kysely-workflow-definition-store.js";
import { KyselyWorkflowExecutionStore } from "./kysely-workflow-execution-store.js";
import { KyselyWorkflowHistoryStore } from "./kysely-workflow-history-store.js";
import { KyselyWorkflowIdempotencyStore } from "./kysely-workflow-idempotency-store.js";
import { KyselyWorkflowInstanceStore } from "./kysely-workflow-instance-store.js";
import { KyselyWorkflowOutboxStore } from "./kysely-workflow-outbox-store.js";
import { KyselyWakeNotifier } from "./kysely-wake-notifier.js";

/** Options of {@link kyselyWorkflowProviders}: the runner's timeouts plus the optional stores. */
export interface KyselyWorkflowProvidersOptions extends KyselyTransactionRunnerOptions {
  /** Adds the idempotency store (needs the `workflow_event_idempotency` table). Default `false`. */
  idempotency?: boolean;
  /** Adds the durable execution store (needs the `workflow_executions` table). Default `false`. */
  durableExecution?: boolean;
  /** Adds the outbox store (the `workflow_outbox` table) for `delivery: "outbox"`. Default `false`. */
  outbox?: boolean;
  /**
   * Adds a wake notifier: `pg_notify` on enqueue and on arming a timeout due within `nearTimeoutMs` (default
   * 60,000), sent on commit. Outbox writes always notify. Default `false`.
   */
  notify?: boolean | { nearTimeoutMs?: number };
}

function optionalStores(
  owner: Kysely<WorkflowDatabase>,
  options: {
    idempotency?: boolean;
    durableExecution?: boolean;
    outbox?: boolean;
    notify?: boolean | { nearTimeoutMs?: number };
  },
): Pick<WorkflowPersistenceProvider, "executionStore" | "idempotencyStore" | "outboxStore" | "wakeNotifier"> {
  return {
    ...(options.outbox ? { outboxStore: new KyselyWorkflowOutboxStore(owner) } : {}),
    ...(options.notify
      ? {
          wakeNotifier: new KyselyWakeNotifier(
            owner,
            typeof options.notify === "object" ? options.notify.nearTimeoutMs : undefined,
          ),
        }
      : {}),
    ...(options.durableExecution ? { executionStore: new KyselyWorkflowExecutionStore(owner) } : {}),
    ...(options.idempotency ? { idempotencyStore: new KyselyWorkflowIdempotencyStore(owner) } : {}),
  };
}

/**
 * Builds the persistence provider of a `WorkflowRuntime` on a `Kysely` instance whose database type
 * extends {@link WorkflowDatabase}. Workflow calls open their own transactions (with the configured
 * timeouts), or join one opened through {@link KyselyTransactionContext} on the same instance.
 *
 * @example
 * ```ts
 * interface AppDb extends WorkflowDatabase { orders: OrdersTable }
 * const db = new Kysely<AppDb>({ dialect: new PostgresDialect({ pool }) });
 * const runtime = new WorkflowRuntime({
 *   ...kyselyWorkflowProviders(db, { lockTimeoutMs: 5_000 }),
 *   definitionRegistry,
 *   commandRegistry,
 * });
 * ```
 */
export function kyselyWorkflowProviders<DB extends WorkflowDatabase>(
  db: Kysely<DB>,
  options: KyselyWorkflowProvidersOptions = {},
): WorkflowPersistenceProvider {
  // Kysely is invariant in DB; the stores only touch the workflow tables.
  const owner = db as unknown as Kysely<WorkflowDatabase>;
  return {
    instanceStore: new KyselyWorkflowInstanceStore(owner),
    historyStore: new KyselyWorkflowHistoryStore(owner),
    transactionRunner: new KyselyTransactionRunner(owner, options),
    definitionStore: new KyselyWorkflowDefinitionStore(owner),
    ...optionalStores(owner, options),
  };
}

/**
 * Builds short-lived providers bound to a transaction the caller owns: every workflow call runs in a
 * savepoint of `trx` and commits or rolls back with it. Observers (after-commit callbacks) fire when the
 * workflow call returns, before the caller's COMMIT. `isTransactionActive()` is always `true`, so durable
 * workers refuse to run on these providers (enqueueing works). No timeout options: the caller owns the
 * transaction.
 *
 * Do not mix these providers with {@link kyselyWorkflowProviders} on the parent `Kysely` instance inside
 * one transaction: their contexts are keyed separately (`trx` versus `db`), so the other side would open a
 * second connection and may block on the row locks held by `trx`.
 *
 * @example
 * ```ts
 * await db.transaction().execute(async (trx) => {
 *   await trx.insertInto("orders").values(order).execute();
 *   const runtime = new WorkflowRuntime({ ...kyselyWorkflowProvidersFromTransaction(trx), ...registries });
 *   await runtime.createInstance({ workflowName: "order", context: { orderId: order.id } });
 * });
 * ```
 */
export function kyselyWorkflowProvidersFromTransaction<DB extends WorkflowDatabase>(
  trx: Transaction<DB>,
  options: { idempotency?: boolean; durableExecution?: boolean; outbox?: boolean; notify?: boolean } = {},
): WorkflowPersistenceProvider {
  const owner = trx as unknown as Transaction<WorkflowDatabase>;
  return {
    instanceStore: new KyselyWorkflowInstanceStore(owner),
    historyStore: new KyselyWorkflowHistoryStore(owner),
    transactionRunner: new KyselyTransactionBoundRunner(owner),
    definitionStore: new KyselyWorkflowDefinitionStore(owner),
    ...optionalStores(owner, options),
  };
}
