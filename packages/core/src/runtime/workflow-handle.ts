import type { DurableWorkflowExecution } from "../model/durable-execution.js";
import { DurableExecutionNotSupportedError } from "../errors/durable.error.js";
import type { WorkflowHistoryRecord } from "../model/workflow-history-record.js";
import type { AvailableWorkflowEvent, GetHistoryOptions } from "../model/runtime-inputs.js";
import type { WorkflowExecutionResult } from "../model/workflow-execution-result.js";
import type { WorkflowInstance } from "../model/workflow-instance.js";
import type { WorkflowRuntimeClient } from "../model/workflow-runtime-client.js";
import type { HandleEnqueueOptions, HandleTriggerOptions } from "../model/handle-options.js";

/**
 * A thin, stateless handle on one instance: every method is a fresh call on the client, nothing is cached.
 *
 * @example
 * ```ts
 * const order = runtime.getHandle(instance.uuid);
 * await order.triggerEvent("PaymentReceived", { subject: payment });
 * ```
 */
export class WorkflowHandle {
  constructor(
    readonly uuid: string,
    private readonly client: WorkflowRuntimeClient,
  ) {}

  /** The instance as stored now, or `null`. */
  getInstance(): Promise<WorkflowInstance | null> {
    return this.client.getInstance(this.uuid);
  }

  /** Triggers `eventName` on this instance (see `WorkflowRuntime.triggerEvent`). */
  triggerEvent<TSubject = unknown>(
    eventName: string,
    options: HandleTriggerOptions<TSubject> = {},
  ): Promise<WorkflowExecutionResult> {
    return this.client.triggerEvent({
      workflowInstanceUuid: this.uuid,
      eventName,
      subject: options.subject,
      triggerMetadata: options.triggerMetadata,
      idempotencyKey: options.idempotencyKey,
      idempotencyFingerprint: options.idempotencyFingerprint,
    });
  }

  /** Queues `eventName` for durable execution; `DurableExecutionNotSupportedError` if the client cannot. */
  enqueueEvent<TSubject = unknown>(
    eventName: string,
    options: HandleEnqueueOptions<TSubject>,
  ): Promise<DurableWorkflowExecution> {
    if (!this.client.enqueueEvent) return Promise.reject(new DurableExecutionNotSupportedError());
    return this.client.enqueueEvent({
      workflowInstanceUuid: this.uuid,
      eventName,
      subject: options.subject,
      triggerMetadata: options.triggerMetadata,
      idempotencyKey: options.idempotencyKey,
      idempotencyFingerprint: options.idempotencyFingerprint,
    });
  }

  /** Events offered by the current state. */
  getAvailableEvents(): Promise<AvailableWorkflowEvent[]> {
    return this.client.getAvailableEvents({ workflowInstanceUuid: this.uuid });
  }

  /** History rows, newest first. */
  getHistory(options?: GetHistoryOptions): Promise<WorkflowHistoryRecord[]> {
    return this.client.getHistory(this.uuid, options);
  }

  /**
   * This handle. On a typed handle (`runtime.getHandle(uuid, workflow)`) it narrows the accepted events to
   * those of `state`; nothing is read, and the runtime still checks the stored state on every call.
   */
  inState(_state: string): this {
    return this;
  }
}
