// Public API of @duraflows/core.

// Definition types
export type {
  WorkflowCommandRef,
  WorkflowDefinition,
  WorkflowEventDefinition,
  WorkflowGuardRef,
  WorkflowOnEnterDefinition,
  WorkflowStateDefinition,
  WorkflowTimeoutDefinition,
} from "./definition/types.js";

// Runtime types
export type {
  AvailableWorkflowEvent,
  CreateWorkflowInstanceInput,
  GetAvailableEventsInput,
  TriggerWorkflowEventInput,
} from "./model/runtime-inputs.js";
export type { CommandResult } from "./model/command-result.js";
export type {
  FindParkedTimeoutsInput,
  ProcessExpiredWorkflowsInput,
  ProcessExpiredWorkflowsResult,
} from "./model/timeout-sweep.js";
export type { WorkflowCommand } from "./model/workflow-command.js";
export type { WorkflowExecutionContext } from "./model/workflow-execution-context.js";
export type { WorkflowExecutionResult } from "./model/workflow-execution-result.js";
export type { WorkflowGuard } from "./model/workflow-guard.js";
export type { WorkflowInstance } from "./model/workflow-instance.js";
export type { WorkflowRuntimeClient } from "./model/workflow-runtime-client.js";
export type { WorkflowTimeoutRetry, WorkflowTimeoutRetryOptions } from "./model/workflow-timeout-retry.js";
export type {
  DefinitionVersionSummary,
  MigrateInstancesInput,
  MigrateInstancesResult,
} from "./model/definition-versions.js";
export type { WorkflowRuntimeOptions } from "./config/workflow-runtime-options.js";
export type {
  TelemetryMeterProvider,
  TelemetryTracerProvider,
  WorkflowTelemetryOptions,
} from "./telemetry/telemetry-options.js";

// Persistence types
export type { WorkflowClock } from "./persistence/workflow-clock.js";
export type {
  StoredWorkflowDefinition,
  WorkflowDefinitionStore,
} from "./persistence/workflow-definition-store.js";
export type {
  HistoryPartitionMaintenanceInput,
  HistoryPartitionMaintenanceResult,
  HistoryPruneBatch,
  InstancePurgeBatch,
  WorkflowHistoryStore,
} from "./persistence/workflow-history-store.js";
export type { WorkflowHistoryRecord } from "./model/workflow-history-record.js";
export type { OperatorActionOptions } from "./model/operator-action-options.js";
export type {
  PruneHistoryInput,
  PruneHistoryResult,
  PurgeInstancesInput,
  PurgeInstancesResult,
} from "./runtime/history-retention.js";
export type {
  WorkflowIdempotencyRecord,
  WorkflowIdempotencyReservation,
  WorkflowIdempotencyStore,
} from "./persistence/workflow-idempotency-store.js";
export type {
  ClaimInStateInput,
  InstanceStateFilter,
  WorkflowInstanceStore,
} from "./persistence/workflow-instance-store.js";
export type { MaintainHistoryPartitionsInput } from "./runtime/history-partitions.js";
export type {
  TriggerEventForManyFailure,
  TriggerEventForManyInput,
  TriggerEventForManyResult,
} from "./runtime/bulk-trigger.js";
export type {
  InstanceListDirection,
  InstanceListOrderBy,
  InstancePage,
  InstanceStateCount,
  ListInstancesInput,
  TimeoutSummary,
  WorkflowInstanceReads,
} from "./reads/instance-reads.js";
export type {
  ExecutionPage,
  ExecutionStatusSummary,
  ListExecutionsInput,
  WorkflowExecutionReads,
} from "./reads/execution-reads.js";
export { decodeReadCursor, encodeReadCursor } from "./reads/read-cursor.js";
export {
  resolveInstanceListOrder,
  toInstancePage,
  type InstanceListOrder,
} from "./reads/instance-list-order.js";
export type { WorkflowPersistenceProvider } from "./persistence/workflow-persistence-provider.js";
export type { WorkflowTransactionRunner } from "./persistence/workflow-transaction-runner.js";

// Transaction-scope types
export type { AfterCommitCallback, TransactionScope } from "./transaction/types.js";

// Registry / validation / compilation / execution types
export type {
  InMemoryDefinitionRegistryOptions,
  WorkflowCommandRegistry,
  WorkflowDefinitionRegistry,
  WorkflowGuardRegistry,
} from "./registry/types.js";
export type { ValidationError, ValidationResult, WorkflowValidationOptions } from "./validator/types.js";
export type {
  CommandExecutionResult,
  EventExecutionResult,
  OnEnterChainResult,
  OnEnterHopHandler,
  OnEnterHopResult,
} from "./executors/types.js";
export type { CompiledWorkflow } from "./compiler/compiled-workflow.js";
export type { MermaidDiagramOptions } from "./diagram/types.js";

// Observer types
export type { ObserverErrorHandler, StateEnterEvent, WorkflowObserver } from "./observer/types.js";

// Durable-execution types
export type { DurableExecutionOptions } from "./model/durable-execution-options.js";
export type { DurableWorkflowExecution, WorkflowCommandCheckpoint } from "./model/durable-execution.js";
export type { ClaimDueExecutionsInput, ClaimedExecution } from "./persistence/execution-claim.js";
export type {
  CommandlessTimeoutRule,
  SweepCommandlessTimeoutsInput,
  SweptTimeout,
  SweptTimeouts,
} from "./persistence/commandless-timeout-sweep.js";
export type {
  EnqueueWorkflowEventInput,
  ProcessPendingExecutionsInput,
  ProcessPendingExecutionsResult,
} from "./model/durable-inputs.js";
export type {
  CreatedUnlessTaken,
  KeyedOrActiveExecutions,
  LockedInstanceAndExecution,
  WorkflowExecutionStore,
} from "./persistence/workflow-execution-store.js";

// Outbox and wake-up types
export type {
  ClaimOutboxInput,
  ListOutboxInput,
  OutboxFailure,
  WorkflowOutboxStore,
} from "./persistence/workflow-outbox-store.js";
export type {
  ListOutboxRecordsInput,
  NewWorkflowOutboxRecord,
  ObserverDelivery,
  PruneOutboxInput,
  RelayOutboxInput,
  RelayOutboxResult,
  WorkflowOutboxOptions,
  WorkflowOutboxRecord,
  WorkflowOutboxStatus,
} from "./model/outbox.js";
export type { WorkflowWakeNotifier } from "./persistence/workflow-wake-notifier.js";
export type { WorkflowWakeSignal } from "./model/wake-signal.js";
export type { WorkflowWakeSource } from "./worker/types.js";
export {
  createListenWakeSource,
  type ListenConnection,
  type ListenWakeSource,
  type ListenWakeSourceOptions,
} from "./worker/listen-wake-source.js";
export { WAKE_CHANNEL, decodeWakeSignal, encodeWakeSignal } from "./worker/wake-payload.js";

// Worker types
export type {
  StartWorkerOptions,
  WorkerErrorContext,
  WorkerLoop,
  WorkerLoopOptions,
  WorkerOutboxOptions,
  WorkerPassReport,
  WorkerRetentionOptions,
  WorkerRuntime,
  WorkflowWorker,
} from "./worker/types.js";

// Typed workflows
export type {
  DefinitionShape,
  EventShape,
  OnEnterShape,
  RefShape,
  StateShape,
} from "./typed/definition-shape.js";
export type {
  AnyTypedWorkflow,
  CheckedDefinition,
  CommandOf,
  ContextOf,
  DefinitionOf,
  EventOf,
  MetadataOf,
  PayloadOf,
  StateOf,
  TypedWorkflow,
  TypesOf,
  UntypedWorkflowValues,
  WorkflowCommandName,
  WorkflowEventName,
  WorkflowGuardName,
  WorkflowStateName,
  WorkflowTypes,
} from "./typed/typed-definition.js";
export type { DeclaredWorkflowTypes, TypesFromSchemas, WorkflowSchemasFor } from "./typed/define-workflow.js";
export type {
  TypedCreateInstanceInput,
  TypedWorkflowHandle,
  TypedWorkflowInstance,
} from "./typed/typed-handle.js";
export type {
  CommandRegistrationTarget,
  TypedCommandFunction,
  TypedCommandHandlers,
  TypedExecutionContext,
  TypedWorkflowCommand,
} from "./typed/register-workflow-commands.js";
export type {
  InferSchemaOutput,
  StandardSchemaV1,
  StandardSchemaV1Issue,
  StandardSchemaV1Props,
  StandardSchemaV1Result,
} from "./typed/standard-schema.js";
export type { WorkflowSchemas } from "./typed/workflow-schemas.js";
export type { WorkflowSchemaIssue } from "./errors/schema.error.js";
export { defineWorkflow } from "./typed/define-workflow.js";
export { registerWorkflowCommands } from "./typed/register-workflow-commands.js";
export { readWorkflowSchemas } from "./typed/workflow-schemas.js";
export { CONTEXT_SCHEMA_FAILURE_CODE } from "./executors/check-context-after-commands.js";
export { WorkflowSchemaValidationError } from "./errors/schema.error.js";

// Classes
export { WorkflowRuntime } from "./runtime/workflow-runtime.js";
export { WorkflowHandle } from "./runtime/workflow-handle.js";
export { WorkflowValidator } from "./validator/workflow-validator.js";
export { WorkflowCompiler } from "./compiler/workflow-compiler.js";
export { CommandExecutor } from "./executors/command-executor.js";
export { EventExecutor } from "./executors/event-executor.js";
export { OnEnterExecutor } from "./executors/on-enter-executor.js";
export { TimeoutResolver } from "./timeout/timeout-resolver.js";
export { InMemoryDefinitionRegistry } from "./registry/in-memory-definition-registry.js";
export { InMemoryCommandRegistry } from "./registry/in-memory-command-registry.js";
export { InMemoryGuardRegistry } from "./registry/in-memory-guard-registry.js";
export { ObserverRegistry } from "./observer/observer-registry.js";
export { ScopedTransactionContext } from "./transaction/scoped-transaction-context.js";

// Advanced building blocks (adapters, tooling, tests)
export { DefinitionResolver } from "./versioning/definition-resolver.js";
export type { DefinitionResolverDeps } from "./versioning/definition-resolver.js";
export { TimeoutRetryPolicy } from "./timeout/timeout-retry-policy.js";
export { deepFreeze } from "./util/deep-freeze.js";
export { referencedNames, terminalStates } from "./definition/terminal-states.js";

// OpenTelemetry attribute, metric and trigger-metadata names
export {
  TRACE_CONTEXT_METADATA_KEY,
  TRACE_ID_METADATA_KEY,
  TelemetryAttributes,
} from "./telemetry/telemetry-attributes.js";
export { TelemetryMetrics } from "./telemetry/telemetry-metrics.js";

// Functions
export { toMermaidDiagram } from "./diagram/to-mermaid-diagram.js";
export { computeDefinitionHash } from "./versioning/compute-definition-hash.js";
export { runAfterCommitCallbacks } from "./transaction/run-after-commit-callbacks.js";
export { startWorker } from "./worker/start-worker.js";

// Errors
export { InvalidArgumentError, WorkflowError } from "./errors/workflow-error.js";
export { IncompatibleDefinitionError, WorkflowDefinitionError } from "./errors/definition.error.js";
export {
  IdempotencyConflictError,
  IdempotencyInProgressError,
  IdempotencyNotSupportedError,
} from "./errors/idempotency.error.js";
export {
  CommandFailureError,
  InvalidEventError,
  OnEnterDepthExceededError,
  WorkflowInstanceNotFoundError,
} from "./errors/instance.error.js";
export { MigrationInterruptedError } from "./errors/migration.error.js";
export {
  DurableExecutionNotSupportedError,
  ExecutionLeaseLostError,
  WorkflowInstanceBusyError,
} from "./errors/durable.error.js";
export { isRetryableWorkflowError } from "./errors/is-retryable-workflow-error.js";
