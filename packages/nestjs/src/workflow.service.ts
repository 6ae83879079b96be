import { Inject, Injectable } from "@nestjs/common";
import {
  WorkflowHandle,
  type WorkflowRuntime,
  type AvailableWorkflowEvent,
  type CreateWorkflowInstanceInput,
  type DefinitionVersionSummary,
  type DurableWorkflowExecution,
  type EnqueueWorkflowEventInput,
  type GetAvailableEventsInput,
  type MigrateInstancesInput,
  type MigrateInstancesResult,
  type OperatorActionOptions,
  type ProcessPendingExecutionsInput,
  type ProcessPendingExecutionsResult,
  type TriggerWorkflowEventInput,
  type WorkflowDefinition,
  type WorkflowExecutionResult,
  type WorkflowHistoryRecord,
  type WorkflowInstance,
  type WorkflowRuntimeClient,
  type AnyTypedWorkflow,
  type TypedCreateInstanceInput,
  type TypedWorkflowHandle,
  type TypedWorkflowInstance,
} from "@duraflows/core";
import { WORKFLOW_RUNTIME } from "./workflow.constants.js";

/**
 * The injectable face of the core `WorkflowRuntime`: every method delegates unchanged, so behaviour and
 * errors are the runtime's.
 *
 * @example
 * ```ts
 * const instance = await workflows.createInstanceFor(orderWorkflow, { context: { orderId } });
 * await workflows.getHandle(instance.uuid).triggerEvent("Pay", { idempotencyKey: paymentId });
 * ```
 */
@Injectable()
export class WorkflowService implements WorkflowRuntimeClient {
  constructor(@Inject(WORKFLOW_RUNTIME) private readonly runtime: WorkflowRuntime) {}

  /**
   * Creates an instance of a registered workflow (see `WorkflowRuntime.createInstance`). Given a workflow from
   * `defineWorkflow`, the input and the result are typed and its schemas check the input.
   */
  createInstance(input: CreateWorkflowInstanceInput): Promise<WorkflowInstance>;
  createInstance<W extends AnyTypedWorkflow>(
    workflow: W,
    input?: TypedCreateInstanceInput<W>,
  ): Promise<TypedWorkflowInstance<W>>;
  createInstance(
    ...args: [CreateWorkflowInstanceInput] | [AnyTypedWorkflow, TypedCreateInstanceInput<AnyTypedWorkflow>?]
  ): Promise<WorkflowInstance> {
    // The arguments go through as given: the runtime's own overload tells a `defineWorkflow` workflow from a
    // plain input, so both shapes behave exactly as on `WorkflowRuntime` (no second copy of that test here).
    return Reflect.apply(this.runtime.createInstance, this.runtime, args) as Promise<WorkflowInstance>;
  }

  /** Creates an instance of `definition`, filling `workflowName` from it; the result's state is typed. */
  createInstanceFor<TState extends string>(
    definition: WorkflowDefinition<TState>,
    input: Omit<CreateWorkflowInstanceInput, "workflowName"> = {},
  ): Promise<WorkflowInstance & { currentState: TState }> {
    return this.runtime.createInstance({ ...input, workflowName: definition.name }) as Promise<
      WorkflowInstance & { currentState: TState }
    >;
  }

  /** Fires an event (optionally keyed by `idempotencyKey`/`idempotencyFingerprint`). */
  triggerEvent<TSubject = unknown>(
    input: TriggerWorkflowEventInput<TSubject>,
  ): Promise<WorkflowExecutionResult> {
    return this.runtime.triggerEvent(input);
  }

  /** Like {@link WorkflowService.triggerEvent}, with the result's states typed by `definition` (no runtime check). */
  triggerEventFor<TState extends string, TSubject = unknown>(
    _definition: WorkflowDefinition<TState>,
    input: TriggerWorkflowEventInput<TSubject>,
  ): Promise<WorkflowExecutionResult & { fromState: TState; toState: TState }> {
    return this.runtime.triggerEvent(input) as Promise<
      WorkflowExecutionResult & { fromState: TState; toState: TState }
    >;
  }

  /** Queues an event for durable execution (requires an execution store and an idempotency key). */
  enqueueEvent<TSubject = unknown>(
    input: EnqueueWorkflowEventInput<TSubject>,
  ): Promise<DurableWorkflowExecution> {
    return this.runtime.enqueueEvent(input);
  }

  /** The durable execution with this uuid, or `null`. */
  getExecution(executionUuid: string): Promise<DurableWorkflowExecution | null> {
    return this.runtime.getExecution(executionUuid);
  }

  /** Runs one durable worker pass; call it outside any transaction. */
  processPendingExecutions(input?: ProcessPendingExecutionsInput): Promise<ProcessPendingExecutionsResult> {
    return this.runtime.processPendingExecutions(input);
  }

  /**
   * Re-queues a parked durable execution (attempts reset). `options.triggerMetadata` records who did it in a
   * `$retried` history row (see `OperatorActionOptions`).
   */
  retryExecution(executionUuid: string, options?: OperatorActionOptions): Promise<DurableWorkflowExecution> {
    return options === undefined
      ? this.runtime.retryExecution(executionUuid)
      : this.runtime.retryExecution(executionUuid, options);
  }

  /**
   * Cancels a pending or parked durable execution (or one whose lease expired). `options.triggerMetadata`
   * records who did it in a `$cancelled` history row (see `OperatorActionOptions`).
   */
  cancelExecution(executionUuid: string, options?: OperatorActionOptions): Promise<DurableWorkflowExecution> {
    return options === undefined
      ? this.runtime.cancelExecution(executionUuid)
      : this.runtime.cancelExecution(executionUuid, options);
  }

  /** Events offered by the instance's current state (guards not evaluated). */
  getAvailableEvents(input: GetAvailableEventsInput): Promise<AvailableWorkflowEvent[]> {
    return this.runtime.getAvailableEvents(input);
  }

  /** The instance, or `null`. */
  getInstance(uuid: string): Promise<WorkflowInstance | null> {
    return this.runtime.getInstance(uuid);
  }

  /** History rows of the instance, newest first (store defaults: limit 50, offset 0). */
  getHistory(
    uuid: string,
    options: { limit?: number; offset?: number } = {},
  ): Promise<WorkflowHistoryRecord[]> {
    return this.runtime.getHistory(uuid, options);
  }

  /** Stored versions of a workflow with their active-instance counts. */
  listDefinitionVersions(workflowName: string): Promise<DefinitionVersionSummary[]> {
    return this.runtime.listDefinitionVersions(workflowName);
  }

  /** Moves instances between definition versions (no HTTP route). */
  migrateInstances(input: MigrateInstancesInput): Promise<MigrateInstancesResult> {
    return this.runtime.migrateInstances(input);
  }

  /**
   * A {@link WorkflowHandle} bound to `uuid` and this service (synchronous, no database call). Given the
   * instance's workflow from `defineWorkflow`, the handle is typed (see `WorkflowRuntime.getHandle`).
   */
  getHandle(uuid: string): WorkflowHandle;
  getHandle<W extends AnyTypedWorkflow>(uuid: string, workflow: W): TypedWorkflowHandle<W>;
  getHandle(
    uuid: string,
    _workflow?: AnyTypedWorkflow,
  ): WorkflowHandle | TypedWorkflowHandle<AnyTypedWorkflow> {
    return new WorkflowHandle(uuid, this);
  }
}
