import { WorkflowInstanceNotFoundError } from "../errors/instance.error.js";
import { versionOf } from "../definition/version-of.js";
import type { TriggerWorkflowEventInput } from "../model/runtime-inputs.js";
import type { WorkflowExecutionResult } from "../model/workflow-execution-result.js";
import { registeredSchemas } from "../registry/registered-schemas.js";
import type { ImmediateStores } from "../transition/immediate-persistence.js";
import type { ObserverEventQueue } from "../transition/observed-transaction.js";
import type { RuntimeInternals } from "../transition/runtime-internals.js";
import { frozenClone } from "../util/deep-clone.js";
import { isUuidText } from "../util/is-uuid-text.js";
import { randomUuid } from "../util/random-uuid.js";

/** What the attempt returns when a step would have to await: nothing was written, no clock was read. */
const NEEDS_AWAIT = Symbol("needs await");

/**
 * `triggerEvent` as one synchronous transaction, when the persistence can run it so (the in-memory stores, see
 * `ImmediatePersistence`) and the event needs no awaiting: no guard, no command, no onEnter on the entered state,
 * the latest registered definition governs the instance, no payload schema, and no other transaction holds the
 * instance's lock. It takes the same steps in the same order as the ordinary path (lock, resolve, context,
 * decision, state entry, instance write and history row, observer event), so results, rows, errors and
 * rollbacks are the same; what it saves is a promise, an await and an `AsyncLocalStorage` hop per step, which
 * are most of the cost of an in-memory transition. Observers are called after the commit, as before.
 *
 * Returns `undefined` when the event needs the ordinary path; the attempt then has only taken and released the
 * instance's lock and read it (no write, no clock read, no uuid, no user code), so starting over is invisible.
 * Unkeyed calls without tracing only (the caller checks).
 *
 * @internal
 */
export function triggerImmediately(
  internals: RuntimeInternals,
  stores: ImmediateStores,
  input: TriggerWorkflowEventInput,
): Promise<WorkflowExecutionResult> | undefined {
  const queue: ObserverEventQueue = [];
  let committed: {
    value: WorkflowExecutionResult | typeof NEEDS_AWAIT;
    afterCommit: Promise<void> | undefined;
  };
  try {
    committed = stores.runner.runImmediately(() => transitionNow(internals, stores, input, queue));
  } catch (error) {
    return Promise.reject(error);
  }
  const { value, afterCommit } = committed;
  if (value === NEEDS_AWAIT) return undefined;
  if (afterCommit === undefined && queue.length === 0) return Promise.resolve(value);
  return deliverThen(internals, afterCommit, queue, value);
}

/** After-commit callbacks first, then the observer events, as `ObservedTransaction.run` orders them. */
async function deliverThen(
  internals: RuntimeInternals,
  afterCommit: Promise<void> | undefined,
  queue: ObserverEventQueue,
  result: WorkflowExecutionResult,
): Promise<WorkflowExecutionResult> {
  if (afterCommit) await afterCommit;
  if (queue.length > 0) await internals.observed.deliver(queue);
  return result;
}

/** The body of the transaction: `runTrigger` and `applyFiredEvent` for an event that needs no await. */
function transitionNow(
  internals: RuntimeInternals,
  stores: ImmediateStores,
  input: TriggerWorkflowEventInput,
  queue: ObserverEventQueue,
): WorkflowExecutionResult | typeof NEEDS_AWAIT {
  const uuid = input.workflowInstanceUuid;
  const instance = isUuidText(uuid) ? stores.instances.lockNow(uuid) : null;
  // Locked by another transaction: the ordinary path waits for it.
  if (instance === undefined) return NEEDS_AWAIT;
  if (instance === null) throw new WorkflowInstanceNotFoundError(uuid);
  const compiled = internals.resolver.latestFor(instance);
  if (compiled === undefined) return NEEDS_AWAIT;
  const definition = compiled.definition;
  if (registeredSchemas(internals.definitionRegistry, instance.workflowName)?.events) return NEEDS_AWAIT;
  if (instance.definitionVersion !== versionOf(definition)) return NEEDS_AWAIT;
  const event = internals.eventExecutor.executeImmediately(compiled, instance.currentState, input.eventName);
  if (event === undefined || internals.transitions.hasChain(definition, event.toState)) return NEEDS_AWAIT;
  // The parts of the event's context (see `eventContext`) that are used without commands. The first clock
  // read stays, so a clock that moves on every read gives the same times as on the ordinary path.
  const triggerMetadata = frozenClone(input.triggerMetadata ?? {});
  internals.clock.now();
  const now = internals.clock.now();
  internals.transitions.prepare(instance, definition, {
    toState: event.toState,
    now,
    working: { ...instance.context },
    applyPatch: true,
  });
  // An immediate event runs no command: its outcome is "success" and it has no results.
  const historyUuid = internals.transitions.recordNow(stores, instance, {
    workflowInstanceUuid: instance.uuid,
    fromState: event.fromState,
    eventName: input.eventName,
    toState: event.toState,
    outcome: "success",
    errorMessage: undefined,
    commandResultsJson: event.commandResults,
    triggerMetadata: triggerMetadata as Record<string, unknown>,
    definitionVersion: instance.definitionVersion,
  });
  internals.transitions.queueEntry(queue, instance, {
    fromState: event.fromState,
    // Without commands the transition's uuid reaches only its observer event, which is built only when an
    // observer listens: without one, nobody could ever see the uuid, so none is drawn.
    transitionUuid: internals.observers.hasOnEnter() ? randomUuid() : "",
    triggerEvent: input.eventName,
    triggerMetadata,
    occurredAt: now,
  });
  return {
    outcome: "success",
    fromState: event.fromState,
    toState: instance.currentState,
    commandResults: [],
    historyUuid,
  };
}
