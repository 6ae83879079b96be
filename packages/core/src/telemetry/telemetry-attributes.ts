/**
 * Names of the span and metric attributes duraflows sets, all in the `duraflows.*` namespace.
 *
 * @example
 * ```ts
 * span.attributes[TelemetryAttributes.workflowName]; // "order"
 * ```
 */
export const TelemetryAttributes = Object.freeze({
  /** Workflow (definition) name. */
  workflowName: "duraflows.workflow.name",
  /** Definition version the instance is pinned to. */
  definitionVersion: "duraflows.workflow.definition_version",
  /** Instance uuid (spans only, never a metric attribute). */
  instanceUuid: "duraflows.instance.uuid",
  /** State before the transition. */
  fromState: "duraflows.state.from",
  /** State after the transition. */
  toState: "duraflows.state.to",
  /** Event name (`onEnter` for onEnter hops). */
  event: "duraflows.event",
  /** `success`, `failure`, `guard-rejected` or `error` (an exception escaped). */
  outcome: "duraflows.outcome",
  /** Whether a keyed trigger replayed a stored result instead of executing. */
  idempotencyReplay: "duraflows.idempotency.replay",
  /** Command name. */
  commandName: "duraflows.command.name",
  /** Whether the command returned `ok: true`. */
  commandOk: "duraflows.command.ok",
  /** The command result's `code`, when it has one. */
  commandCode: "duraflows.command.code",
  /** Whether the command is best-effort. */
  commandBestEffort: "duraflows.command.best_effort",
  /** Guard name. */
  guardName: "duraflows.guard.name",
  /** Whether the guard let the event through. */
  guardPassed: "duraflows.guard.passed",
  /** Instances claimed by a timeout sweep. */
  sweepClaimed: "duraflows.timeout.claimed",
  /** Instances a sweep moved in one batch write. */
  sweepBatched: "duraflows.timeout.batched",
  /** Due instances a sweep processed (fired). */
  sweepProcessed: "duraflows.timeout.processed",
  /** Due timeouts a sweep found guard-rejected. */
  sweepRejected: "duraflows.timeout.rejected",
  /** Due timeouts that failed in a sweep. */
  sweepFailed: "duraflows.timeout.failed",
  /** Due timeouts a sweep parked. */
  sweepParked: "duraflows.timeout.parked",
  /** `fired`, `rejected`, `failed` or `parked` for one timeout. */
  timeoutResult: "duraflows.timeout.result",
  /** Durable execution uuid (spans only). */
  executionUuid: "duraflows.execution.uuid",
  /** Attempt number of a durable execution step. */
  executionAttempt: "duraflows.execution.attempt",
  /** What a worker did with a claimed durable execution (`completed`, `progressed`, `retrying`, …). */
  executionStatus: "duraflows.execution.status",
  /** Which queue a `duraflows.queue.depth` point counts: `timeout` or `execution`. */
  queue: "duraflows.queue",
});

/**
 * Key of the trigger metadata under which a W3C trace context (`{ traceparent, tracestate? }`) is stored: on a
 * queued event, the enqueuing span (the worker's span links to it); on a history row, the span that wrote the
 * row (the sweep's span of a timeout links to the row that armed it).
 */
export const TRACE_CONTEXT_METADATA_KEY = "duraflows.trace";

/** Key of a history row's trigger metadata that holds the id of the trace that wrote the row. */
export const TRACE_ID_METADATA_KEY = "duraflows.traceId";
