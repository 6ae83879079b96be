import type { WorkflowExecutionStore } from "./workflow-execution-store.js";
import type { WorkflowOutboxStore } from "./workflow-outbox-store.js";
import type { WorkflowWakeNotifier } from "./workflow-wake-notifier.js";
import type { WorkflowDefinitionStore } from "./workflow-definition-store.js";
import type { WorkflowHistoryStore } from "./workflow-history-store.js";
import type { WorkflowIdempotencyStore } from "./workflow-idempotency-store.js";
import type { WorkflowInstanceStore } from "./workflow-instance-store.js";
import type { WorkflowTransactionRunner } from "./workflow-transaction-runner.js";

/**
 * The stores an adapter provides, spreadable into `WorkflowRuntimeOptions`. Without a definition store,
 * version pinning is inactive; without an idempotency or execution store those features throw.
 */
export interface WorkflowPersistenceProvider {
  instanceStore: WorkflowInstanceStore;
  historyStore: WorkflowHistoryStore;
  transactionRunner: WorkflowTransactionRunner;
  definitionStore?: WorkflowDefinitionStore;
  idempotencyStore?: WorkflowIdempotencyStore;
  executionStore?: WorkflowExecutionStore;
  /** The transactional outbox of `delivery: "outbox"` observers. */
  outboxStore?: WorkflowOutboxStore;
  /** Wakes listening workers when a transaction commits. */
  wakeNotifier?: WorkflowWakeNotifier;
}
