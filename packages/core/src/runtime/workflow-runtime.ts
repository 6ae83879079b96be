import { randomUuid } from "../util/random-uuid.js";
import { WorkflowCompiler } from "../compiler/workflow-compiler.js";
import { DurableExecutionRunner } from "../durable/durable-execution-runner.js";
import type { DurableWorkflowExecution } from "../model/durable-execution.js";
import type {
  EnqueueWorkflowEventInput,
  ProcessPendingExecutionsInput,
  ProcessPendingExecutionsResult,
} from "../model/durable-inputs.js";
import { DurableExecutionNotSupportedError } from "../errors/durable.error.js";
import { WorkflowInstanceNotFoundError } from "../errors/instance.error.js";
import { CommandExecutor } from "../executors/command-executor.js";
import { EventExecutor } from "../executors/event-executor.js";
import { OnEnterExecutor } from "../executors/on-enter-executor.js";
import { ObserverRegistry } from "../observer/observer-registry.js";
import { listOutbox, pruneOutbox, redeliverOutbox } from "./outbox-admin.js";
import { relayOutbox } from "./outbox-relay.js";
import type {
  ListOutboxRecordsInput,
  PruneOutboxInput,
  RelayOutboxInput,
  RelayOutboxResult,
  WorkflowOutboxRecord,
} from "../model/outbox.js";
import { InvalidArgumentError } from "../errors/workflow-error.js";
import type { WorkflowObserver } from "../observer/types.js";
import type { WorkflowHistoryRecord } from "../model/workflow-history-record.js";
import { TRACE_CONTEXT_METADATA_KEY } from "../telemetry/telemetry-attributes.js";
import type { HistoryPartitionMaintenanceResult } from "../persistence/workflow-history-store.js";
import { WorkflowTelemetry } from "../telemetry/workflow-telemetry.js";
import { traceCreate } from "../telemetry/trace-create.js";
import { TimeoutResolver } from "../timeout/timeout-resolver.js";
import { assertNonNegativeSafeInteger, assertPositiveSafeInteger } from "../util/assert-integer.js";
import { deepClone } from "../util/deep-clone.js";
import { assertStorableJson } from "../util/storable-json.js";
import { deepFreeze } from "../util/deep-freeze.js";
import { WorkflowValidator } from "../validator/workflow-validator.js";
import { DefinitionResolver } from "../versioning/definition-resolver.js";
import { versionOf } from "../definition/version-of.js";
import { listDefinitionVersions } from "../versioning/definition-version-inspector.js";
import { InstanceMigrator } from "../migration/instance-migrator.js";
import { RuntimeInitializer } from "../versioning/runtime-initializer.js";
import type {
  DefinitionVersionSummary,
  MigrateInstancesInput,
  MigrateInstancesResult,
} from "../model/definition-versions.js";
import { buildExecutionContext } from "./execution-context.js";
import { triggerEvent } from "./event-trigger.js";
import {
  pruneHistory,
  type PruneHistoryInput,
  type PruneHistoryResult,
  purgeInstances,
  type PurgeInstancesInput,
  type PurgeInstancesResult,
} from "./history-retention.js";
import { ObservedTransaction } from "../transition/observed-transaction.js";
import type { RuntimeInternals } from "../transition/runtime-internals.js";
import {
  triggerEventForMany,
  type TriggerEventForManyInput,
  type TriggerEventForManyResult,
} from "./bulk-trigger.js";
import { maintainHistoryPartitions, type MaintainHistoryPartitionsInput } from "./history-partitions.js";
import { processExpiredWorkflows } from "./timeout-sweeper.js";
import { ImmediatePersistence } from "../transition/immediate-persistence.js";
import { TransitionApplier } from "../transition/transition-applier.js";
import type {
  AvailableWorkflowEvent,
  CreateWorkflowInstanceInput,
  GetAvailableEventsInput,
  GetHistoryOptions,
  TriggerWorkflowEventInput,
} from "../model/runtime-inputs.js";
import type {
  FindParkedTimeoutsInput,
  ProcessExpiredWorkflowsInput,
  ProcessExpiredWorkflowsResult,
} from "../model/timeout-sweep.js";
import type { WorkflowExecutionResult } from "../model/workflow-execution-result.js";
import type { WorkflowInstance } from "../model/workflow-instance.js";
import type { WorkflowRuntimeClient } from "../model/workflow-runtime-client.js";
import { validateRuntimeOptions } from "./validate-runtime-options.js";
import { rearmTimeout } from "./rearm-timeout.js";
import type { OperatorActionOptions } from "../model/operator-action-options.js";
import { OptimisticTransitions } from "./optimistic-trigger.js";
import { WorkflowHandle } from "./workflow-handle.js";
import type { AnyTypedWorkflow } from "../typed/typed-definition.js";
import type {
  TypedCreateInstanceInput,
  TypedWorkflowHandle,
  TypedWorkflowInstance,
} from "../typed/typed-handle.js";
import { registeredSchemas } from "../registry/registered-schemas.js";
import { assertMatchesSchema } from "../typed/workflow-schemas.js";
import type { WorkflowRuntimeOptions } from "../config/workflow-runtime-options.js";
import { isUuidText } from "../util/is-uuid-text.js";

/**
 * The transactional workflow engine: creates instances, triggers events (guards, commands, onEnter chains),
 * sweeps timeouts with retries and parking, pins instances to definition versions, migrates them, replays
 * idempotent events and delivers observer events after commit.
 *
 * @example
 * ```ts
 * const runtime = new WorkflowRuntime({
 *   ...createInMemoryPersistence(),
 *   definitionRegistry,
 *   commandRegistry,
 *   clock: { now: () => new Date() },
 * });
 * const order = await runtime.createInstance({ workflowName: "order" });
 * await runtime.getHandle(order.uuid).triggerEvent("PaymentReceived");
 * ```
 */
export class WorkflowRuntime implements WorkflowRuntimeClient {
  private readonly internals: RuntimeInternals;
  private readonly initializer: RuntimeInitializer;
  private durableRunner: DurableExecutionRunner | undefined;

  /** Validates the options (`InvalidArgumentError`) and wires the executors; performs no I/O. */
  constructor(options: WorkflowRuntimeOptions) {
    const validated = validateRuntimeOptions(options);
    assertOutboxAvailable(options, options.observers ?? []);
    const compiler = new WorkflowCompiler();
    const validator = new WorkflowValidator();
    const resolver = new DefinitionResolver({
      definitionRegistry: options.definitionRegistry,
      definitionStore: options.definitionStore,
      compiler,
      validator,
    });
    this.initializer = new RuntimeInitializer({
      definitionRegistry: options.definitionRegistry,
      commandRegistry: options.commandRegistry,
      guardRegistry: options.guardRegistry,
      instanceStore: options.instanceStore,
      definitionStore: options.definitionStore,
      executionStore: options.executionStore,
      validator,
      resolver,
      onUnresolvable: validated.onUnresolvable,
      transactionRunner: options.transactionRunner,
    });
    const observers = new ObserverRegistry(
      options.observers ?? [],
      options.onObserverError,
      options.observerDelivery ?? "after-commit",
    );
    const telemetry = new WorkflowTelemetry(options.telemetry);
    const commandExecutor = new CommandExecutor(options.commandRegistry, telemetry);
    const onEnterExecutor = new OnEnterExecutor(commandExecutor, undefined, telemetry);
    const timeoutResolver = new TimeoutResolver();
    this.internals = {
      options,
      clock: options.clock,
      definitionRegistry: options.definitionRegistry,
      commandRegistry: options.commandRegistry,
      guardRegistry: options.guardRegistry,
      instanceStore: options.instanceStore,
      historyStore: options.historyStore,
      transactionRunner: options.transactionRunner,
      definitionStore: options.definitionStore,
      idempotencyStore: options.idempotencyStore,
      executionStore: options.executionStore,
      outboxStore: options.outboxStore,
      outboxPolicy: validated.outboxPolicy,
      wakeNotifier: options.wakeNotifier,
      durablePolicy: validated.durablePolicy,
      timeoutRetryPolicy: validated.timeoutRetryPolicy,
      maxOnEnterDepth: validated.maxOnEnterDepth,
      timeoutResolver,
      telemetry,
      resolver,
      initialize: () => this.initializer.initialize(),
      initialized: () => this.initializer.initialized,
      observed: new ObservedTransaction(options.transactionRunner, observers, {
        outboxStore: options.outboxStore,
        wakeNotifier: options.wakeNotifier,
        clock: options.clock,
      }),
      observers,
      commandExecutor,
      eventExecutor: new EventExecutor(commandExecutor, options.guardRegistry, telemetry),
      onEnterExecutor,
      transitions: new TransitionApplier({
        instanceStore: options.instanceStore,
        historyStore: options.historyStore,
        timeoutResolver,
        onEnterExecutor,
        clock: options.clock,
        maxOnEnterDepth: validated.maxOnEnterDepth,
        observers,
        telemetry,
      }),
      optimistic: new OptimisticTransitions(options.definitionRegistry),
      immediate:
        options.executionStore || options.outboxStore || options.wakeNotifier
          ? undefined
          : ImmediatePersistence.of(options),
    };
    telemetry.observe({
      instances: options.instanceStore,
      executions: options.executionStore,
      now: () => options.clock.now(),
    });
  }

  /** Adds an observer after the configured ones. */
  addObserver(observer: WorkflowObserver): void {
    assertOutboxAvailable(this.internals.options, [observer]);
    this.internals.observers.add(observer);
  }

  /**
   * One pass of the outbox relay: claims due rows (the oldest pending row of each instance and observer, with
   * `FOR UPDATE SKIP LOCKED` in the SQL stores, so relays run in parallel safely), calls their observers and
   * marks them delivered; a failure is retried with exponential backoff and parked after `outbox.maxAttempts`.
   * Delivery is at least once: `event.eventId` is stable across attempts. `startWorker` runs it with `outbox`.
   *
   * @example
   * ```ts
   * const { delivered, parked } = await runtime.relayOutbox({ limit: 100 });
   * ```
   */
  relayOutbox(input?: RelayOutboxInput): Promise<RelayOutboxResult> {
    return relayOutbox(this.internals, input);
  }

  /** Outbox rows, oldest first, optionally by status or instance (default limit 100). */
  listOutbox(input?: ListOutboxRecordsInput): Promise<WorkflowOutboxRecord[]> {
    return listOutbox(this.internals, input);
  }

  /**
   * Puts an outbox row back to pending, due now, with zero attempts (a parked row after fixing its observer,
   * or a delivered one to replay it). Throws `WorkflowError` when the row does not exist.
   */
  redeliverOutbox(uuid: string): Promise<WorkflowOutboxRecord> {
    return redeliverOutbox(this.internals, uuid);
  }

  /** Deletes delivered outbox rows delivered before `deliveredBefore`, in batches; returns how many. */
  pruneOutbox(input: PruneOutboxInput): Promise<{ deleted: number }> {
    return pruneOutbox(this.internals, input);
  }

  /**
   * Syncs registered definitions into the definition store (version-bump guard) and checks that every stored
   * version with active instances can execute. Idempotent; a no-op without a definition store.
   */
  initialize(): Promise<void> {
    return this.internals.initialize();
  }

  /**
   * Creates an instance in the initial state of the latest definition and runs the initial onEnter chain.
   * With a workflow from `defineWorkflow`, the input and the result are typed, and the workflow's schemas (if
   * any) check the initial context and the metadata first (`WorkflowSchemaValidationError`, nothing written).
   */
  createInstance(input: CreateWorkflowInstanceInput): Promise<WorkflowInstance>;
  createInstance<W extends AnyTypedWorkflow>(
    workflow: W,
    input?: TypedCreateInstanceInput<W>,
  ): Promise<TypedWorkflowInstance<W>>;
  createInstance(
    inputOrWorkflow: CreateWorkflowInstanceInput | AnyTypedWorkflow,
    typedInput?: TypedCreateInstanceInput<AnyTypedWorkflow>,
  ): Promise<WorkflowInstance> {
    const input: CreateWorkflowInstanceInput =
      typeof inputOrWorkflow === "object" && inputOrWorkflow !== null && "states" in inputOrWorkflow
        ? { ...typedInput, workflowName: inputOrWorkflow.name }
        : (inputOrWorkflow as CreateWorkflowInstanceInput);
    const telemetry = this.internals.telemetry;
    if (telemetry.active())
      return traceCreate(telemetry, input.workflowName, () => this.createUntyped(input));
    return this.createUntyped(input);
  }

  private async createUntyped(input: CreateWorkflowInstanceInput): Promise<WorkflowInstance> {
    const internals = this.internals;
    // Reject what a JSON store cannot keep (NUL, lone surrogates, NaN…) before touching any store.
    assertStorableJson(input.context ?? {}, "context");
    assertStorableJson(input.metadata ?? {}, "metadata");
    assertStorableJson(input.triggerMetadata ?? {}, "triggerMetadata");
    await internals.initialize();
    const compiled = internals.resolver.latest(input.workflowName);
    const definition = compiled.definition;
    const now = internals.clock.now();
    const initialState = definition.initialState;
    const instance: WorkflowInstance = {
      uuid: randomUuid(),
      workflowName: definition.name,
      currentState: initialState,
      version: 0,
      definitionVersion: versionOf(definition),
      expiresAt: internals.timeoutResolver.computeDeadline(definition, initialState, now),
      timeoutRetry: null,
      lastTransitionAt: now,
      context: {
        ...deepClone(definition.states[initialState].context ?? {}),
        ...deepClone(input.context ?? {}),
      },
      metadata: deepClone(input.metadata ?? {}),
      createdAt: now,
      updatedAt: now,
    };
    const schemas = registeredSchemas(internals.definitionRegistry, definition.name);
    if (schemas) {
      await assertMatchesSchema(schemas.context, instance.context, "context", definition.name);
      await assertMatchesSchema(schemas.metadata, instance.metadata, "metadata", definition.name);
    }
    const armedBy = instance.expiresAt === null ? undefined : internals.telemetry.captureContext();
    // A timeout armed at creation has no history row to carry the span that armed it: the write-once
    // metadata keeps it, so the sweep's span can link to it.
    if (armedBy) instance.metadata[TRACE_CONTEXT_METADATA_KEY] = armedBy;
    return internals.observed.run(async (queue) => {
      await internals.resolver.ensureStored(definition);
      await internals.instanceStore.create(instance);
      const transitionUuid = randomUuid();
      internals.transitions.queueEntry(queue, instance, {
        fromState: null,
        transitionUuid,
        triggerEvent: null,
        triggerMetadata: deepFreeze(deepClone(input.triggerMetadata ?? {})),
        occurredAt: now,
      });
      if (definition.states[initialState].onEnter) {
        const context = buildExecutionContext({
          instance,
          triggerMetadata: input.triggerMetadata,
          now,
          fromState: null,
          toState: initialState,
          transitionUuid,
        });
        await internals.transitions.runChain(compiled, instance, context, undefined, queue);
      }
      return instance;
    });
  }

  /**
   * Triggers an event on an instance in one transaction. With `idempotencyKey`, a repeated call
   * replays the stored (JSON-normalised) result without executing anything.
   */
  triggerEvent<TSubject = unknown>(
    input: TriggerWorkflowEventInput<TSubject>,
  ): Promise<WorkflowExecutionResult> {
    return triggerEvent(this.internals, input);
  }

  /**
   * Triggers `eventName` on up to `limit` instances of `workflowName` resting in `state` (and matching `where`).
   * When the event has no guard and no commands and its target no onEnter, each batch of `batchSize` instances
   * is moved set-based in one transaction (one history row per instance, observers after commit); otherwise
   * every instance goes through `triggerEvent`. Instances another transaction holds are skipped. Requires an
   * instance store with the `claimInState` capability.
   *
   * @example
   * ```ts
   * const done = await runtime.triggerEventForMany({ workflowName: "order", state: "draft", eventName: "Expire", limit: 10_000 });
   * ```
   */
  triggerEventForMany(input: TriggerEventForManyInput): Promise<TriggerEventForManyResult> {
    return triggerEventForMany(this.internals, input);
  }

  /** Queues an event for durable execution; `DurableExecutionNotSupportedError` without an execution store. */
  async enqueueEvent<TSubject = unknown>(
    input: EnqueueWorkflowEventInput<TSubject>,
  ): Promise<DurableWorkflowExecution> {
    return this.durable().enqueueEvent(input);
  }

  /** Runs one durable worker pass; `DurableExecutionNotSupportedError` without an execution store. */
  async processPendingExecutions(
    input?: ProcessPendingExecutionsInput,
  ): Promise<ProcessPendingExecutionsResult> {
    return this.durable().processPendingExecutions(input);
  }

  /** Reads a durable execution; `DurableExecutionNotSupportedError` without an execution store. */
  async getExecution(uuid: string): Promise<DurableWorkflowExecution | null> {
    return this.durable().getExecution(uuid);
  }

  /**
   * Moves a parked durable execution back to pending. With `options.triggerMetadata` a `$retried` audit row on
   * the instance records who did it (see {@link OperatorActionOptions}); without it no history is written.
   */
  async retryExecution(uuid: string, options?: OperatorActionOptions): Promise<DurableWorkflowExecution> {
    return this.durable().retryExecution(uuid, options);
  }

  /**
   * Cancels a durable execution that is neither completed nor actively leased. With `options.triggerMetadata`
   * a `$cancelled` audit row on the instance records who did it (see {@link OperatorActionOptions}).
   */
  async cancelExecution(uuid: string, options?: OperatorActionOptions): Promise<DurableWorkflowExecution> {
    return this.durable().cancelExecution(uuid, options);
  }

  /** Fires due timeout events, one transaction per instance, with retry backoff and parking. */
  processExpiredWorkflows(input?: ProcessExpiredWorkflowsInput): Promise<ProcessExpiredWorkflowsResult> {
    return processExpiredWorkflows(this.internals, input);
  }

  /** Instances whose timeout is parked, oldest parked first (default limit 100). */
  async findParkedTimeouts(input: FindParkedTimeoutsInput = {}): Promise<WorkflowInstance[]> {
    const limit = input.limit ?? 100;
    assertPositiveSafeInteger("limit", limit);
    return this.internals.instanceStore.findParkedTimeouts(
      input.workflowName === undefined ? { limit } : { limit, workflowName: input.workflowName },
    );
  }

  /**
   * Clears the timeout retry state so the next sweep fires the timeout again; unchanged (no write) when there
   * is none. With `options.triggerMetadata` a `$rearmed` audit row records who did it (see
   * {@link OperatorActionOptions}); without it no history is written.
   */
  async rearmTimeout(uuid: string, options?: OperatorActionOptions): Promise<WorkflowInstance> {
    return rearmTimeout(this.internals, uuid, options);
  }

  /** Events offered by the instance's current state under its governing definition (guards not evaluated). */
  async getAvailableEvents(input: GetAvailableEventsInput): Promise<AvailableWorkflowEvent[]> {
    const instance = isUuidText(input.workflowInstanceUuid)
      ? await this.internals.instanceStore.findByUuid(input.workflowInstanceUuid)
      : null;
    if (!instance) throw new WorkflowInstanceNotFoundError(input.workflowInstanceUuid);
    const { definition } = await this.internals.resolver.forInstance(instance);
    const state = Object.hasOwn(definition.states, instance.currentState)
      ? definition.states[instance.currentState]
      : undefined;
    const events = state?.events ?? {};
    return Object.keys(events).map((eventName) => {
      const event = events[eventName];
      return {
        eventName,
        targetState: event.targetState,
        errorState: event.errorState,
        hasCommands: (event.commands?.length ?? 0) > 0,
        hasTimeout: !!event.timeout,
        metadata: event.metadata,
      };
    });
  }

  /** The stored instance, or `null`. */
  getInstance(uuid: string): Promise<WorkflowInstance | null> {
    if (!isUuidText(uuid)) return Promise.resolve(null);
    return this.internals.instanceStore.findByUuid(uuid);
  }

  /** History rows, newest first (store defaults: limit 50, offset 0). */
  async getHistory(uuid: string, options?: GetHistoryOptions): Promise<WorkflowHistoryRecord[]> {
    if (options?.limit !== undefined) assertPositiveSafeInteger("limit", options.limit);
    if (options?.offset !== undefined) assertNonNegativeSafeInteger("offset", options.offset);
    if (!isUuidText(uuid)) return [];
    return this.internals.historyStore.findByInstanceUuid(uuid, options);
  }

  /**
   * Deletes old history rows in bounded batches, one transaction each, and returns how many it deleted. A row
   * goes when it matches every given rule: created before `olderThan`, and beyond the newest `keepLast` rows of
   * its instance. `keepLast` is at least 1, so an instance's newest row always stays and `getHistory` shows at
   * least its last step. Rows are taken with `SKIP LOCKED` by the SQL stores, so running transitions are never
   * waited for; with `dryRun` it only counts. Requires a history store with the retention capabilities (both
   * SQL adapters and the in-memory store have them).
   *
   * @throws InvalidArgumentError when neither `olderThan` nor `keepLast` is given, or a value is malformed.
   *
   * @example
   * ```ts
   * await runtime.pruneHistory({ olderThan: new Date(Date.now() - 90 * 86_400_000), keepLast: 20 });
   * ```
   */
  pruneHistory(input: PruneHistoryInput): Promise<PruneHistoryResult> {
    return pruneHistory(this.internals, input);
  }

  /**
   * Deletes instances that rest in a terminal state (a state without events in the registered definition) since
   * before `terminalBefore`, together with their history, idempotency receipts and durable executions, in bounded
   * batches of one transaction each. Instances another transaction holds are skipped, never waited for; with
   * `dryRun` it only counts. Requires a history store with the retention capabilities.
   *
   * @throws InvalidArgumentError on a malformed input; `WorkflowDefinitionError` for an unknown `workflowName`.
   *
   * @example
   * ```ts
   * await runtime.purgeInstances({ terminalBefore: new Date(Date.now() - 30 * 86_400_000) });
   * ```
   */
  purgeInstances(input: PurgeInstancesInput): Promise<PurgeInstancesResult> {
    return purgeInstances(this.internals, input);
  }

  /**
   * One maintenance pass over a time-partitioned `workflow_history` (see `generateHistoryPartitioningSql` in
   * `@duraflows/pg`): creates the partitions up to `premake` ahead, and detaches or drops those whose range ends
   * before `dropBefore`. An existing instance's newest row is kept. Requires a history store with the
   * `maintainHistoryPartitions` capability.
   *
   * @example
   * ```ts
   * await runtime.maintainHistoryPartitions({ premake: 3, dropBefore: new Date(Date.now() - 180 * 86_400_000) });
   * ```
   */
  maintainHistoryPartitions(
    input?: MaintainHistoryPartitionsInput,
  ): Promise<HistoryPartitionMaintenanceResult> {
    return maintainHistoryPartitions(this.internals, input);
  }

  /** Every stored version of a workflow with its active-instance count; requires a definition store. */
  listDefinitionVersions(workflowName: string): Promise<DefinitionVersionSummary[]> {
    return listDefinitionVersions(this.internals, workflowName);
  }

  /** Moves instances between definition versions; see {@link MigrateInstancesInput}. */
  migrateInstances(input: MigrateInstancesInput): Promise<MigrateInstancesResult> {
    return new InstanceMigrator(this.internals, () => this.initializer.sync()).migrate(input);
  }

  /**
   * A handle on one instance (no I/O). Given the instance's workflow from `defineWorkflow`, the handle is
   * typed: only that workflow's events (and payload types) are accepted, and `getInstance` is typed.
   */
  getHandle(uuid: string): WorkflowHandle;
  getHandle<W extends AnyTypedWorkflow>(uuid: string, workflow: W): TypedWorkflowHandle<W>;
  getHandle(
    uuid: string,
    _workflow?: AnyTypedWorkflow,
  ): WorkflowHandle | TypedWorkflowHandle<AnyTypedWorkflow> {
    return new WorkflowHandle(uuid, this);
  }

  private durable(): DurableExecutionRunner {
    if (!this.internals.executionStore) throw new DurableExecutionNotSupportedError();
    this.durableRunner ??= new DurableExecutionRunner(this.internals);
    return this.durableRunner;
  }
}

/** Refuses outbox delivery without an outbox store, at construction rather than at the first transition. */
function assertOutboxAvailable(
  options: WorkflowRuntimeOptions,
  observers: readonly WorkflowObserver[],
): void {
  if (options.outboxStore) return;
  const wantsOutbox = observers.some(
    (observer) => (observer.delivery ?? options.observerDelivery) === "outbox",
  );
  if (wantsOutbox) {
    throw new InvalidArgumentError(
      'delivery "outbox" needs an outboxStore: enable it in the persistence provider (outbox: true)',
    );
  }
}
