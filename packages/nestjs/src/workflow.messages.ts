// Every user-facing literal of the package, kept in one place.

/** `guards` and `guardRegistry` given together. */
export const GUARDS_EXCLUSIVITY_MESSAGE =
  "WorkflowModule: cannot supply both `guards` and `guardRegistry` — they are mutually exclusive. Pass guards or a custom registry, not both.";

/** a command registered explicitly and through the decorator. */
export const commandConflictMessage = (name: string): string =>
  `Command "${name}" is registered both explicitly in module options and via @WorkflowCommand decorator. Remove one registration to resolve the conflict.`;

/** duplicate name in the registration list. */
export const commandAlreadyRegisteredMessage = (name: string): string =>
  `Command "${name}" is already registered`;

/** unknown command name. */
export const commandNotFoundMessage = (name: string): string => `Command "${name}" not found in registry`;

/** the container failed to resolve a registered command. */
export const commandUnresolvableMessage = (name: string): string =>
  `Command "${name}" could not be resolved from the NestJS container.`;

/**
 * the hint between the two fixed fragments "must be singleton-scoped" and
 * "REQUEST- and TRANSIENT-scoped providers are not supported" (docs/decisions.md, "nestjs").
 */
export const COMMAND_SCOPE_HINT =
  " Workflow commands must be singleton-scoped (the default scope): remove `scope` from its @Injectable()/@WorkflowCommand class and from its provider definition, and make sure it does not depend on a request-scoped provider. REQUEST- and TRANSIENT-scoped providers are not supported.";

/** GET /workflows/:uuid on an unknown uuid. */
export const instanceNotFoundMessage = (uuid: string): string => `Workflow instance "${uuid}" not found`;

/** GET /workflows/executions/:uuid on an unknown uuid. */
export const EXECUTION_NOT_FOUND_MESSAGE = "Durable execution not found";

/** POST …/executions/:eventName without a key. */
export const ENQUEUE_REQUIRES_KEY_MESSAGE = "enqueueEvent requires idempotencyKey";

/** body of every sanitized 500. */
export const INTERNAL_SERVER_ERROR_MESSAGE = "Internal server error";

/** POST /workflows with a workflow name that is not registered: a client error (400), not a server error. */
export const unknownWorkflowMessage = (name: string): string => `Workflow "${name}" is not registered`;

/** Built-in poller: `durableExecutions` polling without an execution store. */
export const DURABLE_POLLER_WITHOUT_STORE_MESSAGE =
  "WorkflowModule: `durableExecutions` polling requires a persistence provider with an executionStore.";

/** The outbox relay configured without an outbox store in the persistence provider. */
export const OUTBOX_POLLER_WITHOUT_STORE_MESSAGE =
  "WorkflowModule: the `outbox` relay requires a persistence provider with an outboxStore (outbox: true).";

/** Durable execution routes called while the persistence provider has no execution store (501). */
export const DURABLE_EXECUTION_NOT_CONFIGURED_MESSAGE =
  "Durable execution is not configured: the WorkflowModule `persistence` provider has no `executionStore` (with @duraflows/pg, pass `pgWorkflowProviders(pool, { durableExecution: true })` and apply the durable execution migration).";

/** 503 body for a lock timeout, serialization failure or deadlock: the request can be sent again. */
export const TRANSIENT_DATABASE_ERROR_MESSAGE =
  "The database is temporarily unable to complete this request (lock timeout, serialization failure or deadlock). Retry it after the Retry-After delay.";

/** `Retry-After` value (seconds) sent with that 503. */
export const RETRY_AFTER_SECONDS = "1";
