import type { WorkflowInstance } from "../model/workflow-instance.js";
import { frozenClone } from "../util/deep-clone.js";
import type { StateEnterEvent } from "./types.js";

/** What a state entry adds to the instance's own values. */
export interface StateEntry {
  fromState: string | null;
  toState: string;
  transitionUuid: string;
  triggerEvent: string | null;
  triggerMetadata: Readonly<Record<string, unknown>>;
  occurredAt: Date;
}

/**
 * Builds the frozen event for one state entry at queue time: context and metadata are deep-cloned from the
 * instance as it is now, so later writes never leak into an event queued earlier.
 *
 * @internal
 */
export function buildStateEnterEvent(instance: WorkflowInstance, entry: StateEntry): StateEnterEvent {
  // Every part is a fresh frozen copy, so freezing the event object itself makes the whole event deep-frozen.
  return Object.freeze({
    workflowName: instance.workflowName,
    instanceUuid: instance.uuid,
    state: entry.toState,
    fromState: entry.fromState,
    toState: entry.toState,
    transitionUuid: entry.transitionUuid,
    triggerEvent: entry.triggerEvent,
    context: frozenClone(instance.context),
    metadata: frozenClone(instance.metadata),
    triggerMetadata: frozenClone(entry.triggerMetadata),
    occurredAt: Object.freeze(new Date(entry.occurredAt.getTime())),
  });
}
