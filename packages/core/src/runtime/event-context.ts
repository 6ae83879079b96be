import { randomUUID } from "node:crypto";
import type { CompiledWorkflow } from "../compiler/compiled-workflow.js";
import type { WorkflowExecutionContext } from "../model/workflow-execution-context.js";
import type { WorkflowInstance } from "../model/workflow-instance.js";
import type { RuntimeInternals } from "../transition/runtime-internals.js";
import { buildExecutionContext } from "./execution-context.js";

/**
 * The context `eventName` runs with on a locked instance (or, on the optimistic path, on the version read).
 *
 * @internal
 */
export function eventContext(
  internals: RuntimeInternals,
  instance: WorkflowInstance,
  compiled: CompiledWorkflow,
  eventName: string,
  triggerMetadata: Record<string, unknown> | undefined,
): WorkflowExecutionContext {
  const states = compiled.definition.states;
  const events = Object.hasOwn(states, instance.currentState)
    ? states[instance.currentState].events
    : undefined;
  const declared = events && Object.hasOwn(events, eventName) ? events[eventName] : undefined;
  return buildExecutionContext({
    instance,
    triggerMetadata,
    now: internals.clock.now(),
    fromState: instance.currentState,
    toState: declared?.targetState ?? instance.currentState,
    transitionUuid: randomUUID(),
  });
}
