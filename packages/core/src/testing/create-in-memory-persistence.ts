import type { WorkflowPersistenceProvider } from "../persistence/workflow-persistence-provider.js";
import { InMemoryDefinitionStore } from "./in-memory-definition-store.js";
import { InMemoryExecutionStore } from "./in-memory-execution-store.js";
import { InMemoryHistoryStore } from "./in-memory-history-store.js";
import { InMemoryIdempotencyStore } from "./in-memory-idempotency-store.js";
import { InMemoryInstanceStore } from "./in-memory-instance-store.js";
import { InMemoryOutboxStore } from "./in-memory-outbox-store.js";
import { InMemoryTransactionRunner } from "./in-memory-transaction-runner.js";

/** Options of {@link createInMemoryPersistence}. */
export interface InMemoryPersistenceOptions {
  /** Include an {@link InMemoryIdempotencyStore}. Default `false`. */
  idempotency?: boolean;
  /** Include an {@link InMemoryExecutionStore}. Default `false`. */
  durableExecution?: boolean;
  /** Include an {@link InMemoryOutboxStore} (`delivery: "outbox"` observers). Default `false`. */
  outbox?: boolean;
  /** Include an {@link InMemoryDefinitionStore} (version pinning). Default `true`. */
  definitions?: boolean;
}

/** The in-memory provider with its concrete store types. */
export interface InMemoryPersistence extends WorkflowPersistenceProvider {
  instanceStore: InMemoryInstanceStore;
  historyStore: InMemoryHistoryStore;
  transactionRunner: InMemoryTransactionRunner;
  definitionStore?: InMemoryDefinitionStore;
  idempotencyStore?: InMemoryIdempotencyStore;
  executionStore?: InMemoryExecutionStore;
  outboxStore?: InMemoryOutboxStore;
}

/**
 * Wires the in-memory stores to one {@link InMemoryTransactionRunner}, ready to spread into
 * `WorkflowRuntimeOptions`.
 *
 * @example
 * ```ts
 * const runtime = new WorkflowRuntime({ ...createInMemoryPersistence(), definitionRegistry, commandRegistry, clock });
 * ```
 */
export function createInMemoryPersistence(options: InMemoryPersistenceOptions = {}): InMemoryPersistence {
  const transactionRunner = new InMemoryTransactionRunner();
  const executionStore = options.durableExecution ? new InMemoryExecutionStore(transactionRunner) : undefined;
  const instanceStore = new InMemoryInstanceStore(transactionRunner, { executionStore });
  executionStore?.attachInstanceStore(instanceStore);
  const provider: InMemoryPersistence = {
    instanceStore,
    historyStore: new InMemoryHistoryStore(transactionRunner, { instanceStore }),
    transactionRunner,
  };
  if (options.definitions !== false)
    provider.definitionStore = new InMemoryDefinitionStore(transactionRunner);
  if (options.idempotency) provider.idempotencyStore = new InMemoryIdempotencyStore(transactionRunner);
  if (executionStore) provider.executionStore = executionStore;
  if (options.outbox) provider.outboxStore = new InMemoryOutboxStore(transactionRunner);
  return provider;
}
