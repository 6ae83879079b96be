import { failureMessage } from "../transition/transition-applier.js";
import type { WorkflowExecutionResult } from "../model/workflow-execution-result.js";
import { deepClone } from "../util/deep-clone.js";
import { deepFreeze } from "../util/deep-freeze.js";
import type { DurablePlan } from "./journal-planner.js";
import { clearLease, type DurableDeps, type OwnedScope } from "./durable-lease.js";

const ON_ENTER_TRIGGER: Readonly<Record<string, unknown>> = Object.freeze({ source: "onEnter" });

/**
 * Applies a completed plan inside the caller's owned transaction: for every hop the instance enters the state
 * (context, version, definition version, timestamps, deadline, `timeoutRetry: null`), one history row is
 * appended and one observer event queued; the record becomes `completed` with its result and no lease. The
 * caller saves the record. Until this runs the instance, its context and its history are untouched.
 *
 * @internal
 */
export async function finishExecution(
  deps: DurableDeps,
  scope: OwnedScope,
  plan: Extract<DurablePlan, { kind: "complete" }>,
): Promise<void> {
  const { execution, instance, queue } = scope;
  const transitions = deps.internals.transitions;
  const eventTrigger = deepFreeze(deepClone(execution.triggerMetadata));
  let historyUuid = "";
  for (const hop of plan.hops) {
    const now = deps.internals.clock.now();
    const isEvent = hop.kind === "event";
    const eventName = isEvent ? execution.eventName : "onEnter";
    transitions.prepare(instance, execution.definition, {
      toState: hop.toState,
      now,
      working: deepClone(hop.context),
      applyPatch: false,
    });
    historyUuid = await transitions.record(instance, {
      workflowInstanceUuid: instance.uuid,
      fromState: hop.fromState,
      eventName,
      toState: hop.toState,
      outcome: hop.outcome,
      errorMessage: hop.outcome === "failure" ? failureMessage(hop.commandResults) : undefined,
      commandResultsJson: hop.commandResults,
      triggerMetadata: isEvent ? deepClone(execution.triggerMetadata) : { source: "onEnter" },
      definitionVersion: instance.definitionVersion,
    });
    transitions.queueEntry(queue, instance, {
      fromState: hop.fromState,
      transitionUuid: hop.transitionUuid,
      triggerEvent: eventName,
      triggerMetadata: isEvent ? eventTrigger : ON_ENTER_TRIGGER,
      occurredAt: now,
    });
  }
  const result: WorkflowExecutionResult = {
    outcome: plan.outcome,
    fromState: execution.fromState,
    toState: instance.currentState,
    commandResults: execution.journal.map((checkpoint) => deepClone(checkpoint.result)),
    historyUuid,
  };
  execution.status = "completed";
  execution.result = result;
  clearLease(execution);
}
