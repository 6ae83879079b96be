// Module
export { WorkflowModule } from "./workflow.module.js";
export type {
  WorkflowModuleAsyncOptions,
  WorkflowModuleFactoryConfig,
  WorkflowModuleOptions,
  WorkflowPollerOptions,
} from "./workflow-module-options.js";

// Services
export { WorkflowService } from "./workflow.service.js";
export { WorkflowTimeoutService } from "./workflow-timeout.service.js";

// Tokens (WORKFLOW_MODULE_OPTIONS is deliberately not exported)
export {
  WORKFLOW_CLOCK,
  WORKFLOW_COMMAND_REGISTRY,
  WORKFLOW_DEFINITION_REGISTRY,
  WORKFLOW_DEFINITION_STORE,
  WORKFLOW_EXECUTION_STORE,
  WORKFLOW_GUARD_REGISTRY,
  WORKFLOW_HISTORY_STORE,
  WORKFLOW_IDEMPOTENCY_STORE,
  WORKFLOW_INSTANCE_STORE,
  WORKFLOW_RUNTIME,
  WORKFLOW_TRANSACTION_RUNNER,
} from "./workflow.constants.js";

// Commands
export { NestCommandRegistry, type WorkflowCommandRegistration } from "./nest-command-registry.js";
export { WORKFLOW_COMMAND_METADATA_KEY, WorkflowCommand } from "./decorators/workflow-command.decorator.js";

// REST
export { WorkflowEventController } from "./controllers/workflow-event.controller.js";
export { WorkflowExecutionController } from "./controllers/workflow-execution.controller.js";
export { WorkflowInstanceController } from "./controllers/workflow-instance.controller.js";
export { WorkflowQueryController } from "./controllers/workflow-query.controller.js";
export { WorkflowTimeoutController } from "./controllers/workflow-timeout.controller.js";
export { WorkflowExceptionFilter } from "./filters/workflow-exception.filter.js";
export { AvailableEventsParamsDto } from "./dto/available-events-params.dto.js";
export { CreateInstanceDto } from "./dto/create-instance.dto.js";
export { HistoryParamsDto, HistoryQueryDto } from "./dto/history.dto.js";
export { TimeoutProcessQueryDto } from "./dto/timeout-process-query.dto.js";
export { TriggerEventDto, TriggerEventParamsDto } from "./dto/trigger-event.dto.js";

// Re-exports from @duraflows/core. Not re-exported: InvalidArgumentError, the core `WorkflowCommand` interface
// (it would clash with the decorator), the Mermaid and hash functions, ScopedTransactionContext.
export type {
  AvailableWorkflowEvent,
  CommandResult,
  CompiledWorkflow,
  CreateWorkflowInstanceInput,
  DefinitionVersionSummary,
  DurableExecutionOptions,
  DurableWorkflowExecution,
  EnqueueWorkflowEventInput,
  FindParkedTimeoutsInput,
  GetAvailableEventsInput,
  MigrateInstancesInput,
  MigrateInstancesResult,
  ObserverErrorHandler,
  OnEnterChainResult,
  OnEnterHopResult,
  ProcessExpiredWorkflowsInput,
  ProcessExpiredWorkflowsResult,
  ProcessPendingExecutionsInput,
  ProcessPendingExecutionsResult,
  StateEnterEvent,
  StoredWorkflowDefinition,
  TriggerWorkflowEventInput,
  ValidationError,
  ValidationResult,
  WorkflowClock,
  WorkflowCommandCheckpoint,
  WorkflowCommandRef,
  WorkflowCommandRegistry,
  WorkflowDefinition,
  WorkflowDefinitionRegistry,
  WorkflowDefinitionStore,
  WorkflowEventDefinition,
  WorkflowExecutionContext,
  WorkflowExecutionResult,
  WorkflowExecutionStore,
  WorkflowGuard,
  WorkflowGuardRef,
  WorkflowGuardRegistry,
  WorkflowHistoryRecord,
  WorkflowHistoryStore,
  WorkflowIdempotencyRecord,
  WorkflowIdempotencyReservation,
  WorkflowIdempotencyStore,
  WorkflowInstance,
  WorkflowInstanceStore,
  WorkflowObserver,
  WorkflowOnEnterDefinition,
  WorkflowPersistenceProvider,
  WorkflowRuntimeClient,
  WorkflowStateDefinition,
  WorkflowTimeoutDefinition,
  WorkflowTimeoutRetry,
  WorkflowTimeoutRetryOptions,
  WorkflowTransactionRunner,
  WorkflowValidationOptions,
} from "@duraflows/core";
export {
  CommandExecutor,
  CommandFailureError,
  DurableExecutionNotSupportedError,
  EventExecutor,
  ExecutionLeaseLostError,
  IdempotencyConflictError,
  IdempotencyInProgressError,
  IdempotencyNotSupportedError,
  IncompatibleDefinitionError,
  InMemoryCommandRegistry,
  InMemoryDefinitionRegistry,
  InMemoryGuardRegistry,
  InvalidEventError,
  MigrationInterruptedError,
  OnEnterDepthExceededError,
  OnEnterExecutor,
  TimeoutResolver,
  WorkflowCompiler,
  WorkflowDefinitionError,
  WorkflowError,
  WorkflowHandle,
  WorkflowInstanceBusyError,
  WorkflowInstanceNotFoundError,
  WorkflowRuntime,
  WorkflowValidator,
} from "@duraflows/core";
