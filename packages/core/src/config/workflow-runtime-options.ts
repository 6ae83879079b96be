import type { DurableExecutionOptions } from "../model/durable-execution-options.js";
import type { WorkflowExecutionStore } from "../persistence/workflow-execution-store.js";
import type { ObserverErrorHandler, WorkflowObserver } from "../observer/types.js";
import type { ObserverDelivery, WorkflowOutboxOptions } from "../model/outbox.js";
import type { WorkflowOutboxStore } from "../persistence/workflow-outbox-store.js";
import type { WorkflowWakeNotifier } from "../persistence/workflow-wake-notifier.js";
import type { WorkflowClock } from "../persistence/workflow-clock.js";
import type { WorkflowDefinitionStore } from "../persistence/workflow-definition-store.js";
import type { WorkflowHistoryStore } from "../persistence/workflow-history-store.js";
import type { WorkflowIdempotencyStore } from "../persistence/workflow-idempotency-store.js";
import type { WorkflowInstanceStore } from "../persistence/workflow-instance-store.js";
import type { WorkflowTransactionRunner } from "../persistence/workflow-transaction-runner.js";
import type {
  WorkflowCommandRegistry,
  WorkflowDefinitionRegistry,
  WorkflowGuardRegistry,
} from "../registry/types.js";
import type { WorkflowTelemetryOptions } from "../telemetry/telemetry-options.js";
import type { WorkflowTimeoutRetryOptions } from "../model/workflow-timeout-retry.js";

/** Options of `new WorkflowRuntime(...)`. A `WorkflowPersistenceProvider` can be spread in. */
export interface WorkflowRuntimeOptions {
  definitionRegistry: WorkflowDefinitionRegistry;
  commandRegistry: WorkflowCommandRegistry;
  instanceStore: WorkflowInstanceStore;
  historyStore: WorkflowHistoryStore;
  transactionRunner: WorkflowTransactionRunner;
  clock: WorkflowClock;
  guardRegistry?: WorkflowGuardRegistry;
  definitionStore?: WorkflowDefinitionStore;
  idempotencyStore?: WorkflowIdempotencyStore;
  executionStore?: WorkflowExecutionStore;
  durableExecution?: DurableExecutionOptions;
  /** Default 10. */
  maxOnEnterDepth?: number;
  observers?: WorkflowObserver[];
  onObserverError?: ObserverErrorHandler;
  /**
   * Delivery of observers that do not set their own: `"after-commit"` (default, at most once) or `"outbox"`
   * (at least once; needs an `outboxStore` and a relay, see `relayOutbox`).
   */
  observerDelivery?: ObserverDelivery;
  /** The transactional outbox (`workflow_outbox`); the SQL providers add it with `outbox: true`. */
  outboxStore?: WorkflowOutboxStore;
  /** Retry, parking and lease settings of the outbox relay. */
  outbox?: WorkflowOutboxOptions;
  /** Sends wake-ups to listening workers from inside the transaction (the SQL providers' `notify: true`). */
  wakeNotifier?: WorkflowWakeNotifier;
  timeoutRetry?: WorkflowTimeoutRetryOptions;
  /** Startup executability check: `"fail"` (default) throws, `"warn"` logs. */
  onUnresolvable?: "fail" | "warn";
  /** OpenTelemetry spans and metrics (see docs/observability.md); global providers by default. */
  telemetry?: WorkflowTelemetryOptions;
  /**
   * Opt-in (default `false`): moves a command-less, guard-less event without a transaction when the persistence
   * supports it. The instance is read without a lock, then one statement checks its version, writes it and
   * appends the history row; on a version conflict the read is retried, then the usual locking transaction
   * runs. The runtime remembers the last 1,024 instances it moved this way (at most about 4 MiB of context and
   * metadata JSON), so the next such event on one of them skips the read: one statement, which applies only if
   * the stored version is still the remembered one (every instance write increments it); when another process
   * moved the instance in between, that statement writes nothing and the instance is read as usual, and after
   * such a miss the runtime reads first for the next 1, 2, 4 … up to 1,024 calls. Same history rows, results,
   * errors and after-commit observer delivery as the locking path, but not the same statements: no transaction
   * and no `lockByUuid`, which code that counts or inspects the statements of a transition would see. Used only
   * for an event without idempotency key, on a target state without onEnter, with no transaction of the caller
   * active, no durable execution store, no outbox observer and no wake-up to send. With a durable execution
   * store that supports it (`createAtInstanceVersion`), `enqueueEvent` of a guard-less event likewise reads the
   * instance without a lock and accepts in one statement that locks the instance and checks its version, the
   * key and the busy rule; anything else takes the locking transaction.
   */
  optimisticTransitions?: boolean;
}
