import type { WorkflowInstance } from "../model/workflow-instance.js";
import type { WorkflowExecutionContext } from "../model/workflow-execution-context.js";
import { frozenClone } from "../util/deep-clone.js";

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
