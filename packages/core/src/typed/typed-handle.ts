import type { DurableWorkflowExecution } from "../model/durable-execution.js";
import type { WorkflowHistoryRecord } from "../model/workflow-history-record.js";
import type { HandleEnqueueOptions, HandleTriggerOptions } from "../model/handle-options.js";
import type {
  AvailableWorkflowEvent,
  CreateWorkflowInstanceInput,
  GetHistoryOptions,
} from "../model/runtime-inputs.js";
import type { WorkflowExecutionResult } from "../model/workflow-execution-result.js";
import type { WorkflowInstance } from "../model/workflow-instance.js";
import type {
  AnyTypedWorkflow,
  ContextOf,
  EventOf,
  MetadataOf,
  PayloadOf,
  StateOf,
} from "./typed-definition.js";

/** A stored instance of a typed workflow: its state is one of the workflow's states, its values are typed. */
export type TypedWorkflowInstance<W extends AnyTypedWorkflow> = Omit<
  WorkflowInstance,
  "currentState" | "context" | "metadata"
> & {
  currentState: StateOf<W>;
  context: ContextOf<W>;
  metadata: MetadataOf<W>;
};

/** Input of `runtime.createInstance(workflow, input)`: the workflow's context and metadata types. */
export interface TypedCreateInstanceInput<W extends AnyTypedWorkflow> {
  context?: Partial<ContextOf<W>>;
  metadata?: MetadataOf<W>;
  triggerMetadata?: CreateWorkflowInstanceInput["triggerMetadata"];
}

/**
 * A {@link WorkflowHandle} seen through a typed workflow: `triggerEvent` and `enqueueEvent` accept only the
 * events of the states `S` (all states by default) with their payload types, and `getInstance` returns the
 * typed instance. Obtained from `runtime.getHandle(uuid, workflow)`; at run time it is a plain `WorkflowHandle`.
 */
export interface TypedWorkflowHandle<W extends AnyTypedWorkflow, S extends StateOf<W> = StateOf<W>> {
  readonly uuid: string;
  /** The instance as stored now, or `null`. */
  getInstance(): Promise<TypedWorkflowInstance<W> | null>;
  /** Triggers one of the workflow's events (see `WorkflowRuntime.triggerEvent`). */
  triggerEvent<E extends EventOf<W, S>>(
    eventName: E,
    options?: HandleTriggerOptions<PayloadOf<W, E>>,
  ): Promise<WorkflowExecutionResult>;
  /** Queues one of the workflow's events for durable execution. */
  enqueueEvent<E extends EventOf<W, S>>(
    eventName: E,
    options: HandleEnqueueOptions<PayloadOf<W, E>>,
  ): Promise<DurableWorkflowExecution>;
  /** Events offered by the current state. */
  getAvailableEvents(): Promise<AvailableWorkflowEvent[]>;
  /** History rows, newest first. */
  getHistory(options?: GetHistoryOptions): Promise<WorkflowHistoryRecord[]>;
  /**
   * The same handle, typed as if the instance were in `state` (compile time only: nothing is read, and the
   * runtime still checks the stored state when an event is triggered).
   */
  inState<T extends StateOf<W>>(state: T): TypedWorkflowHandle<W, T>;
}
