import { WorkflowInstanceBusyError } from "../errors/durable.error.js";
import { WorkflowInstanceNotFoundError } from "../errors/instance.error.js";
import { InvalidArgumentError } from "../errors/workflow-error.js";
import type { CompiledWorkflow } from "../compiler/compiled-workflow.js";
import type { EventExecutionResult } from "../executors/types.js";
import { TelemetryAttributes } from "../telemetry/telemetry-attributes.js";
import { TransitionTrace } from "../telemetry/transition-trace.js";
import { assertRegisteredPayload } from "../registry/registered-schemas.js";
import { deepClone } from "../util/deep-clone.js";
import { isWellFormedUnicode } from "../util/is-well-formed-unicode.js";
import { assertStorableJson } from "../util/storable-json.js";
import { versionOf } from "../definition/version-of.js";
import { eventContext } from "./execution-context.js";
import { runEvent } from "./run-event.js";
import { triggerImmediately } from "./immediate-trigger.js";
import { LOCKING_PATH, type RuntimeInternals } from "../transition/runtime-internals.js";
import {
  normalizeCommandResults,
  normalizeResult,
  replayReceipt,
  validateIdempotencyInput,
} from "../transition/idempotency.js";
import type { ObserverEventQueue } from "../transition/observed-transaction.js";
import { failureMessage } from "../transition/transition-applier.js";
import type { TriggerWorkflowEventInput } from "../model/runtime-inputs.js";
import type { WorkflowExecutionContext } from "../model/workflow-execution-context.js";
import type { WorkflowExecutionResult } from "../model/workflow-execution-result.js";
import type { WorkflowInstance } from "../model/workflow-instance.js";
import { isUuidText } from "../util/is-uuid-text.js";

/** An executed (not yet applied) event and the context its commands ran with. */
export interface FiredEvent {
  event: EventExecutionResult;
  context: WorkflowExecutionContext;
}

/**
 * Builds the context and executes `eventName` on a locked instance. Writes nothing.
 *
 * @internal
 */
export async function fireEvent(
  internals: RuntimeInternals,
  instance: WorkflowInstance,
  compiled: CompiledWorkflow,
  eventName: string,
  subject: unknown,
  triggerMetadata: Record<string, unknown> | undefined,
): Promise<FiredEvent> {
  const context = eventContext(internals.clock, instance, compiled, eventName, triggerMetadata);
  const event = await internals.eventExecutor.execute(
    compiled,
    instance.currentState,
    eventName,
    instance.uuid,
    subject,
    context,
  );
  return { event, context };
}

/**
 * Applies a non-rejected event: state entry, history row, observer event, onEnter chain; returns the
 * runtime result. The history row's trigger metadata is the context's (a clone of what the event was fired with).
 *
 * @internal
 */
export async function applyFiredEvent(
  internals: RuntimeInternals,
  instance: WorkflowInstance,
  compiled: CompiledWorkflow,
  eventName: string,
  fired: FiredEvent,
  subject: unknown,
  queue: ObserverEventQueue,
  jsonResults = false,
): Promise<WorkflowExecutionResult> {
  const { event, context } = fired;
  const outcome = event.outcome === "failure" ? "failure" : "success";
  const now = internals.clock.now();
  internals.transitions.prepare(instance, compiled.definition, {
    toState: event.toState,
    now,
    working: context.context,
    applyPatch: true,
  });
  const eventHistoryUuid = await internals.transitions.record(instance, {
    workflowInstanceUuid: instance.uuid,
    fromState: event.fromState,
    eventName,
    toState: event.toState,
    outcome,
    errorMessage: outcome === "failure" ? failureMessage(event.commandResults) : undefined,
    commandResultsJson: event.commandResults,
    // The context's trigger metadata is already a runtime-owned (frozen) deep clone of the caller's value or `{}`,
    // the value the history row stores; the history store makes its own copy, so no second clone is needed here.
    triggerMetadata: context.triggerMetadata as Record<string, unknown>,
    definitionVersion: instance.definitionVersion,
  });
  internals.transitions.queueEntry(queue, instance, {
    fromState: event.fromState,
    transitionUuid: context.transitionUuid,
    triggerEvent: eventName,
    triggerMetadata: context.triggerMetadata,
    occurredAt: now,
  });
  if (!internals.transitions.hasChain(compiled.definition, instance.currentState)) {
    // No onEnter on the entered state: what runChain would return, without its async call.
    return {
      outcome,
      fromState: event.fromState,
      toState: instance.currentState,
      commandResults: [...event.commandResults],
      historyUuid: eventHistoryUuid,
    };
  }
  const { chain, lastHistoryUuid } = await internals.transitions.runChain(
    compiled,
    instance,
    context,
    subject,
    queue,
    jsonResults,
  );
  return {
    outcome: outcome === "failure" || chain.outcome === "failure" ? "failure" : "success",
    fromState: event.fromState,
    toState: instance.currentState,
    commandResults: [...event.commandResults, ...chain.hops.flatMap((hop) => hop.commandResults)],
    historyUuid: lastHistoryUuid ?? eventHistoryUuid,
  };
}

/**
 * `triggerEvent`: validation, initialization, then one observed transaction that locks the instance,
 * replays or reserves the idempotency receipt, checks durable occupancy, resolves the governing definition
 * and executes and applies the event.
 *
 * @internal
 */
export function triggerEvent(
  internals: RuntimeInternals,
  rawInput: TriggerWorkflowEventInput,
): Promise<WorkflowExecutionResult> {
  if (!internals.telemetry.active()) return startTrigger(internals, rawInput, undefined);
  // Not validated yet: stringified so that a bad value still yields a span (and the validation error).
  const trace = new TransitionTrace(internals.telemetry, "duraflows.trigger", String(rawInput?.eventName), {
    [TelemetryAttributes.instanceUuid]: String(rawInput?.workflowInstanceUuid),
  });
  return trace.run(() => startTrigger(internals, rawInput, trace));
}

function startTrigger(
  internals: RuntimeInternals,
  rawInput: TriggerWorkflowEventInput,
  trace: TransitionTrace | undefined,
): Promise<WorkflowExecutionResult> {
  // Not `async`: the transaction's promise is returned as is (an async wrapper returning a promise costs extra
  // microtask hops per call); validation errors still surface as rejections.
  try {
    const input = rawInput.idempotencyKey !== undefined ? { ...rawInput } : rawInput;
    const keyed = validateIdempotencyInput(input, internals.idempotencyStore);
    assertStorableEventName(input.eventName);
    assertStorableJson(input.triggerMetadata ?? {}, "triggerMetadata");
    // Once initialized, `initialize()` is a resolved no-op; skipping it saves promise hops per call.
    if (internals.initialized()) {
      const stores = keyed || trace ? undefined : internals.immediate?.usable();
      return (
        (stores && triggerImmediately(internals, stores, input)) || runTrigger(internals, input, keyed, trace)
      );
    }
    return internals.initialize().then(() => runTrigger(internals, input, keyed, trace));
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * Refuses an event name no definition can hold and no store can keep (NUL, unpaired surrogates) before anything
 * is written: a keyed call would otherwise reserve its receipt under that name and fail with a raw driver error.
 */
function assertStorableEventName(eventName: unknown): void {
  if (typeof eventName === "string" && (eventName.includes("\u0000") || !isWellFormedUnicode(eventName))) {
    throw new InvalidArgumentError("eventName must be a valid Unicode string without NUL characters");
  }
}

/**
 * The steps of `triggerEvent`: optimistically (one unlocked read, one conditional write) when that is provably
 * the same (see `OptimisticTransitions`), else, or when that path hands over, in one observed transaction.
 */
function runTrigger(
  internals: RuntimeInternals,
  input: TriggerWorkflowEventInput,
  keyed: boolean,
  trace: TransitionTrace | undefined,
): Promise<WorkflowExecutionResult> {
  if (keyed || !internals.optimistic.applies(internals, input.eventName)) {
    internals.optimistic.forget(input.workflowInstanceUuid);
    return lockAndTrigger(internals, input, keyed, trace);
  }
  return internals.optimistic
    .trigger(internals, input, trace)
    .then((result) => (result === LOCKING_PATH ? lockAndTrigger(internals, input, keyed, trace) : result));
}

/** The steps of `triggerEvent` in one observed transaction. */
function lockAndTrigger(
  internals: RuntimeInternals,
  input: TriggerWorkflowEventInput,
  keyed: boolean,
  trace: TransitionTrace | undefined,
): Promise<WorkflowExecutionResult> {
  return internals.observed.run(async (queue) => {
    const uuid = input.workflowInstanceUuid;
    const instance = isUuidText(uuid) ? await internals.instanceStore.lockByUuid(uuid) : null;
    if (!instance) throw new WorkflowInstanceNotFoundError(uuid);
    trace?.instance(instance);
    const receipts = keyed ? internals.idempotencyStore! : undefined;
    if (receipts) {
      const record = await receipts.find(uuid, input.idempotencyKey!);
      if (record) {
        trace?.replay();
        return replayReceipt(record, input);
      }
      await receipts.reserve({
        workflowInstanceUuid: uuid,
        key: input.idempotencyKey!,
        eventName: input.eventName,
        ...(input.idempotencyFingerprint !== undefined ? { fingerprint: input.idempotencyFingerprint } : {}),
      });
    }
    if (internals.executionStore && (await internals.executionStore.findActive(uuid))) {
      throw new WorkflowInstanceBusyError(uuid);
    }
    // The synchronous answers first: an await per step is a measurable share of an in-memory transition.
    const compiled =
      internals.resolver.latestFor(instance) ?? (await internals.resolver.forInstance(instance));
    const payloadCheck = assertRegisteredPayload(
      internals.definitionRegistry,
      instance.workflowName,
      input.eventName,
      input.subject,
    );
    if (payloadCheck) await payloadCheck;
    if (instance.definitionVersion !== versionOf(compiled.definition)) {
      await internals.resolver.ensureStored(compiled.definition);
    }
    // fireEvent inlined (one async layer less per call).
    const context = eventContext(internals.clock, instance, compiled, input.eventName, input.triggerMetadata);
    const ran = runEvent(internals, compiled, instance, input, context);
    const fired: FiredEvent = { event: ran instanceof Promise ? await ran : ran, context };
    // Keyed: normalised once here, before history sees them (see normalizeCommandResults).
    if (receipts) fired.event.commandResults = normalizeCommandResults(fired.event.commandResults);
    const result =
      fired.event.outcome === "guard-rejected"
        ? await recordManualRejection(internals, instance, compiled, input, fired.event)
        : await applyFiredEvent(
            internals,
            instance,
            compiled,
            input.eventName,
            fired,
            input.subject,
            queue,
            receipts !== undefined,
          );
    if (!receipts) return result;
    const normalized = normalizeResult(result);
    await receipts.complete(uuid, input.idempotencyKey!, normalized);
    return structuredClone(normalized);
  });
}

async function recordManualRejection(
  internals: RuntimeInternals,
  instance: WorkflowInstance,
  compiled: CompiledWorkflow,
  input: TriggerWorkflowEventInput,
  event: EventExecutionResult,
): Promise<WorkflowExecutionResult> {
  const historyUuid = await internals.transitions.append({
    workflowInstanceUuid: instance.uuid,
    fromState: event.fromState,
    eventName: input.eventName,
    toState: event.fromState,
    outcome: "guard-rejected",
    rejectedBy: event.rejectedBy,
    commandResultsJson: [],
    triggerMetadata: deepClone(input.triggerMetadata ?? {}),
    definitionVersion: versionOf(compiled.definition),
  });
  return {
    outcome: "guard-rejected",
    fromState: event.fromState,
    toState: event.fromState,
    commandResults: [],
    rejectedBy: event.rejectedBy,
    historyUuid,
  };
}
