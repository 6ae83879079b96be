import { failureMessage } from "../transition/transition-applier.js";
import type { WorkflowExecutionResult } from "../model/workflow-execution-result.js";
import { deepClone } from "../util/deep-clone.js";
import { deepFreeze } from "../util/deep-freeze.js";
import type { DurablePlan } from "./journal-planner.js";
import { clearLease, type DurableDeps, type OwnedScope, stampSave } from "./durable-lease.js";
import type { DurableWorkflowExecution } from "../model/durable-execution.js";

const ON_ENTER_TRIGGER: Readonly<Record<string, unknown>> = Object.freeze({ source: "onEnter" });

/**
 * Applies a completed plan inside the caller's owned transaction and saves the record: for every hop the
 * instance enters the state (context, version, definition version, timestamps, deadline, `timeoutRetry: null`),
 * one history row is appended and one observer event queued; the record becomes `completed` with its result and
 * no lease, and is saved (`saveExecution`). The last hop's writes and the save are one store call when the
 * execution store offers `updateWithTransition`. Until this runs the instance, its context and its history are
 * untouched.
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
  let saved = false;
  const last = plan.hops.length - 1;
  for (const [index, hop] of plan.hops.entries()) {
    const now = deps.internals.clock.now();
    const isEvent = hop.kind === "event";
    const eventName = isEvent ? execution.eventName : "onEnter";
    transitions.prepare(instance, execution.definition, {
      toState: hop.toState,
      now,
      working: deepClone(hop.context),
      applyPatch: false,
    });
    const record = {
      workflowInstanceUuid: instance.uuid,
      fromState: hop.fromState,
      eventName,
      toState: hop.toState,
      outcome: hop.outcome,
      errorMessage: hop.outcome === "failure" ? failureMessage(hop.commandResults) : undefined,
      commandResultsJson: hop.commandResults,
      triggerMetadata: isEvent ? deepClone(execution.triggerMetadata) : { source: "onEnter" },
      definitionVersion: instance.definitionVersion,
    };
    if (index === last) {
      // The record as saved, its result's history uuid still to come from the last hop's row.
      complete(execution, plan, instance.currentState, scope.now);
      const merged = await transitions.recordWithExecution(deps.store, instance, record, execution);
      saved = merged !== undefined;
      historyUuid = merged ?? (await transitions.record(instance, record));
    } else {
      historyUuid = await transitions.record(instance, record);
    }
    transitions.queueEntry(queue, instance, {
      fromState: hop.fromState,
      transitionUuid: hop.transitionUuid,
      triggerEvent: eventName,
      triggerMetadata: isEvent ? eventTrigger : ON_ENTER_TRIGGER,
      occurredAt: now,
    });
  }
  if (last < 0) complete(execution, plan, instance.currentState, scope.now);
  execution.result!.historyUuid = historyUuid;
  if (!saved) await deps.store.update(execution);
  // Counted here, inside the finishing transaction: a finish that rolls back (rare: its save failed) is
  // counted again when a worker finishes it for good.
  deps.internals.telemetry
    .metrics()
    ?.transitionCounted(execution.workflowName, execution.eventName, plan.outcome);
}

/*
 * Marks the record completed with its result (commands' results in journal order; the history uuid is filled
 * in once the last row is written) and no lease, stamped as `saveExecution` stamps a save at `now`.
 */
function complete(
  execution: DurableWorkflowExecution,
  plan: Extract<DurablePlan, { kind: "complete" }>,
  toState: string,
  now: Date,
): void {
  const result: WorkflowExecutionResult = {
    outcome: plan.outcome,
    fromState: execution.fromState,
    toState,
    commandResults: execution.journal.map((checkpoint) => deepClone(checkpoint.result)),
    historyUuid: "",
  };
  execution.status = "completed";
  execution.result = result;
  clearLease(execution);
  stampSave(execution, now);
}
