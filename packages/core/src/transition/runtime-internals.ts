import type { DurableExecutionOptions } from "../model/durable-execution-options.js";
import type { WorkflowExecutionStore } from "../persistence/workflow-execution-store.js";
import type { CommandExecutor } from "../executors/command-executor.js";
import type { EventExecutor } from "../executors/event-executor.js";
import type { OnEnterExecutor } from "../executors/on-enter-executor.js";
import type { ObserverRegistry } from "../observer/observer-registry.js";
import type { WorkflowOutboxOptions } from "../model/outbox.js";
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
import type { WorkflowTelemetry } from "../telemetry/workflow-telemetry.js";
import type { TimeoutResolver } from "../timeout/timeout-resolver.js";
import type { TimeoutRetryPolicy } from "../timeout/timeout-retry-policy.js";
import type { DefinitionResolver } from "../versioning/definition-resolver.js";
import type { ImmediatePersistence } from "./immediate-persistence.js";
import type { ObservedTransaction } from "./observed-transaction.js";
import type { TransitionApplier } from "./transition-applier.js";
import type { WorkflowRuntimeOptions } from "../config/workflow-runtime-options.js";
import type { TriggerWorkflowEventInput } from "../model/runtime-inputs.js";
import type { WorkflowExecutionResult } from "../model/workflow-execution-result.js";
import type { TransitionTrace } from "../telemetry/transition-trace.js";

/**
 * Everything the runtime's operation modules (and the durable-execution runner) share. Built once by the
 * `WorkflowRuntime` constructor after option validation; the members are the runtime's own instances, so
 * caches (compiled definitions, initialization) and observers are shared with the synchronous paths.
 *
 * Transaction rules for users of these members: call `observed.run` for every mutating unit of work (it opens
 * the transaction and fires the queued observer events after commit), lock the instance with
 * `instanceStore.lockByUuid` first, and call `resolver.ensureStored(definition)` in that transaction before
 * stamping an instance with a version it was not stamped with.
 *
 * @internal
 */
export interface RuntimeInternals {
  /** The options as given to the constructor (validated). */
  readonly options: WorkflowRuntimeOptions;
  readonly clock: WorkflowClock;
  readonly definitionRegistry: WorkflowDefinitionRegistry;
  readonly commandRegistry: WorkflowCommandRegistry;
  readonly guardRegistry: WorkflowGuardRegistry | undefined;
  readonly instanceStore: WorkflowInstanceStore;
  readonly historyStore: WorkflowHistoryStore;
  readonly transactionRunner: WorkflowTransactionRunner;
  readonly definitionStore: WorkflowDefinitionStore | undefined;
  readonly idempotencyStore: WorkflowIdempotencyStore | undefined;
  readonly executionStore: WorkflowExecutionStore | undefined;
  /** The transactional outbox, when the persistence provides one. */
  readonly outboxStore: WorkflowOutboxStore | undefined;
  /** Validated relay settings with defaults applied. */
  readonly outboxPolicy: Required<WorkflowOutboxOptions>;
  /** Sends wake-ups inside the transaction (`pg_notify`), when configured. */
  readonly wakeNotifier: WorkflowWakeNotifier | undefined;
  /** Validated durable policy with defaults applied; `null` without an execution store. */
  readonly durablePolicy: Required<DurableExecutionOptions> | null;
  /** Validated timeout retry policy. */
  readonly timeoutRetryPolicy: TimeoutRetryPolicy;
  /** Validated `maxOnEnterDepth` (default 10). */
  readonly maxOnEnterDepth: number;
  readonly timeoutResolver: TimeoutResolver;
  /** OpenTelemetry access; a no-op without an SDK. */
  readonly telemetry: WorkflowTelemetry;
  /** Governing-definition resolution, stored-version loading and `ensureStored` (version stamping). */
  readonly resolver: DefinitionResolver;
  /** Definition sync + executability check; cached, shared in-flight, retried after a failure. */
  initialize(): Promise<void>;
  /** Whether `initialize()` has completed (awaiting it again would only cost promise hops). */
  initialized(): boolean;
  /** Transaction with post-commit observer delivery. */
  readonly observed: ObservedTransaction;
  readonly observers: ObserverRegistry;
  readonly commandExecutor: CommandExecutor;
  readonly eventExecutor: EventExecutor;
  readonly onEnterExecutor: OnEnterExecutor;
  /** Per-hop state entry: apply, write, history, observer event; also runs whole onEnter chains. */
  readonly transitions: TransitionApplier;
  /** The transaction-less path of command-less, guard-less events (`optimisticTransitions`). */
  readonly optimistic: OptimisticPath;
  /**
   * Set when the persistence can run a transition as one synchronous transaction (the in-memory stores) and
   * nothing must be written besides the instance and its history (no execution store, outbox or wake-ups).
   */
  readonly immediate: ImmediatePersistence | undefined;
}

/** Returned when the call must take the locking path instead (nothing was written). @internal */
export const LOCKING_PATH: unique symbol = Symbol("duraflows.lockingPath");

/**
 * The transaction-less path of command-less, guard-less events (the `optimisticTransitions` option), as the
 * runtime's internals see it; `runtime/optimistic-trigger.ts` implements it.
 *
 * @internal
 */
export interface OptimisticPath {
  /** Whether a call without idempotency key should start here rather than in a locking transaction. */
  applies(internals: RuntimeInternals, eventName: string): boolean;
  /** Drops what the path remembers of the instance `uuid`: another path is about to write it. */
  forget(uuid: string): void;
  /** The result, an error the locking path would throw for the same read, or {@link LOCKING_PATH}. */
  trigger(
    internals: RuntimeInternals,
    input: TriggerWorkflowEventInput,
    trace: TransitionTrace | undefined,
  ): Promise<WorkflowExecutionResult | typeof LOCKING_PATH>;
}
