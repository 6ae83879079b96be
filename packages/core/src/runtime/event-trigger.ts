import { randomUUID } from "node:crypto";
import { WorkflowInstanceBusyError } from "../errors/durable.error.js";
import { WorkflowInstanceNotFoundError } from "../errors/instance.error.js";
import type { CompiledWorkflow, EventExecutionResult } from "../executors/types.js";
import { deepClone } from "../util/deep-clone.js";
import { assertStorableJson } from "../util/storable-json.js";
import { versionOf } from "../versioning/definition-resolver.js";
import { buildExecutionContext } from "./execution-context.js";
import { normalizeResult, replayReceipt, validateIdempotencyInput } from "./idempotency.js";
import type { ObserverEventQueue } from "./observed-transaction.js";
import type { RuntimeInternals } from "./runtime-internals.js";
import { failureMessage } from "./transition-applier.js";
import type {
  TriggerWorkflowEventInput,
  WorkflowExecutionContext,
  WorkflowExecutionResult,
  WorkflowInstance,
} from "./types.js";

/** An executed (not yet applied) event and the context its commands ran with. */
export interface FiredEvent {
  event: EventExecutionResult;
  context: WorkflowExecutionContext;
}

/**
 * Builds the context and executes `eventName` on a locked instance (§3.6e–f). Writes nothing.
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
  const states = compiled.definition.states;
  const events = Object.hasOwn(states, instance.currentState)
    ? states[instance.currentState].events
    : undefined;
  const declared = events && Object.hasOwn(events, eventName) ? events[eventName] : undefined;
  const context = buildExecutionContext({
    instance,
    triggerMetadata,
    now: internals.clock.now(),
    fromState: instance.currentState,
    toState: declared?.targetState ?? instance.currentState,
    transitionUuid: randomUUID(),
  });
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
 * Applies a non-rejected event (§3.6h–l): state entry, history row, observer event, onEnter chain; returns the
 * runtime result.
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
  historyTriggerMetadata: Record<string, unknown>,
  queue: ObserverEventQueue,
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
    triggerMetadata: deepClone(historyTriggerMetadata),
    definitionVersion: instance.definitionVersion,
  });
  internals.transitions.queueEntry(queue, instance, {
    fromState: event.fromState,
    transitionUuid: context.transitionUuid,
    triggerEvent: eventName,
    triggerMetadata: context.triggerMetadata,
    occurredAt: now,
  });
  const { chain, lastHistoryUuid } = await internals.transitions.runChain(
    compiled,
    instance,
    context,
    subject,
    queue,
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
 * `triggerEvent` (§3.6): validation, initialization, then one observed transaction that locks the instance,
 * replays or reserves the idempotency receipt, checks durable occupancy, resolves the governing definition
 * and executes and applies the event.
 *
 * @internal
 */
export async function triggerEvent(
  internals: RuntimeInternals,
  rawInput: TriggerWorkflowEventInput,
): Promise<WorkflowExecutionResult> {
  const input = rawInput.idempotencyKey !== undefined ? { ...rawInput } : rawInput;
  const keyed = validateIdempotencyInput(input, internals.idempotencyStore);
  assertStorableJson(input.triggerMetadata ?? {}, "triggerMetadata");
  // Once initialized, `initialize()` is a resolved no-op; skipping the await saves promise hops per call.
  if (!internals.initialized()) await internals.initialize();
  return internals.observed.run(async (queue) => {
    const uuid = input.workflowInstanceUuid;
    const instance = await internals.instanceStore.lockByUuid(uuid);
    if (!instance) throw new WorkflowInstanceNotFoundError(uuid);
    const receipts = keyed ? internals.idempotencyStore! : undefined;
    if (receipts) {
      const record = await receipts.find(uuid, input.idempotencyKey!);
      if (record) return replayReceipt(record, input);
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
    const compiled = await internals.resolver.forInstance(instance);
    if (instance.definitionVersion !== versionOf(compiled.definition)) {
      await internals.resolver.ensureStored(compiled.definition);
    }
    const fired = await fireEvent(
      internals,
      instance,
      compiled,
      input.eventName,
      input.subject,
      input.triggerMetadata,
    );
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
            input.triggerMetadata ?? {},
            queue,
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
