/** DI token of the core `WorkflowRuntime`. */
export const WORKFLOW_RUNTIME = Symbol("WORKFLOW_RUNTIME");
/** DI token of the `WorkflowInstanceStore` taken from the persistence provider. */
export const WORKFLOW_INSTANCE_STORE = Symbol("WORKFLOW_INSTANCE_STORE");
/** DI token of the `WorkflowHistoryStore` taken from the persistence provider. */
export const WORKFLOW_HISTORY_STORE = Symbol("WORKFLOW_HISTORY_STORE");
/** DI token of the command registry (a {@link NestCommandRegistry}). */
export const WORKFLOW_COMMAND_REGISTRY = Symbol("WORKFLOW_COMMAND_REGISTRY");
/** DI token of the guard registry (custom `guardRegistry` or an `InMemoryGuardRegistry` built from `guards`). */
export const WORKFLOW_GUARD_REGISTRY = Symbol("WORKFLOW_GUARD_REGISTRY");
/** DI token of the `InMemoryDefinitionRegistry` holding the validated workflows. */
export const WORKFLOW_DEFINITION_REGISTRY = Symbol("WORKFLOW_DEFINITION_REGISTRY");
/** DI token of the `WorkflowTransactionRunner` taken from the persistence provider. */
export const WORKFLOW_TRANSACTION_RUNNER = Symbol("WORKFLOW_TRANSACTION_RUNNER");
/** DI token of the `WorkflowClock` (the `clock` option or the real clock). */
export const WORKFLOW_CLOCK = Symbol("WORKFLOW_CLOCK");
/** DI token of the optional `WorkflowDefinitionStore`; `null` when the provider has none. */
export const WORKFLOW_DEFINITION_STORE = Symbol("WORKFLOW_DEFINITION_STORE");
/** DI token of the optional `WorkflowIdempotencyStore`; `null` when the provider has none. */
export const WORKFLOW_IDEMPOTENCY_STORE = Symbol("WORKFLOW_IDEMPOTENCY_STORE");
/** DI token of the optional `WorkflowExecutionStore`; `null` when the provider has none. */
export const WORKFLOW_EXECUTION_STORE = Symbol("WORKFLOW_EXECUTION_STORE");

/**
 * DI token of the resolved module options, read by every factory of the provider graph.
 *
 * @internal Deliberately not exported from the package entry point.
 */
export const WORKFLOW_MODULE_OPTIONS = Symbol("WORKFLOW_MODULE_OPTIONS");
