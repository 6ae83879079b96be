import type { CompiledWorkflow } from "../compiler/compiled-workflow.js";
import type { WorkflowClock } from "../persistence/workflow-clock.js";
import type { WorkflowInstance } from "../model/workflow-instance.js";
import type { WorkflowExecutionContext } from "../model/workflow-execution-context.js";
import { frozenClone } from "../util/deep-clone.js";
import { randomUuid } from "../util/random-uuid.js";

const EMPTY: Readonly<Record<string, unknown>> = Object.freeze({});

/** The parts of a context that vary per operation. */
export interface ExecutionContextInput {
  instance: WorkflowInstance;
  triggerMetadata: Record<string, unknown> | undefined;
  now: Date;
  fromState: string | null;
  toState: string;
  transitionUuid: string;
}

/**
 * Builds the context handed to commands: a mutable shallow copy of the instance context, frozen clones of
 * metadata and trigger metadata, and `{}` as `commandMetadata` outside a command.
 *
 * @internal
 */
export function buildExecutionContext(input: ExecutionContextInput): WorkflowExecutionContext {
  return {
    triggerMetadata: frozenClone(input.triggerMetadata ?? {}),
    now: input.now,
    context: { ...input.instance.context },
    metadata: frozenClone(input.instance.metadata),
    commandMetadata: EMPTY,
    fromState: input.fromState,
    toState: input.toState,
    transitionUuid: input.transitionUuid,
  };
}

/**
 * The context `eventName` runs with on a locked instance: `toState` is the event's declared target (else the
 * current state), with a new transition uuid and `clock.now()`.
 *
 * @internal
 */
export function eventContext(
  clock: WorkflowClock,
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
    now: clock.now(),
    fromState: instance.currentState,
    toState: declared?.targetState ?? instance.currentState,
    transitionUuid: randomUuid(),
  });
}
