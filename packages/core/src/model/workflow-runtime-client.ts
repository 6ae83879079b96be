import type { DurableWorkflowExecution } from "./durable-execution.js";
import type { EnqueueWorkflowEventInput } from "./durable-inputs.js";
import type {
  AvailableWorkflowEvent,
  GetAvailableEventsInput,
  GetHistoryOptions,
  TriggerWorkflowEventInput,
} from "./runtime-inputs.js";
import type { WorkflowExecutionResult } from "./workflow-execution-result.js";
import type { WorkflowHistoryRecord } from "./workflow-history-record.js";
import type { WorkflowInstance } from "./workflow-instance.js";

/** What {@link WorkflowHandle} needs; implemented by `WorkflowRuntime` (and the NestJS `WorkflowService`). */
export interface WorkflowRuntimeClient {
  getInstance(uuid: string): Promise<WorkflowInstance | null>;
  triggerEvent(input: TriggerWorkflowEventInput): Promise<WorkflowExecutionResult>;
  getAvailableEvents(input: GetAvailableEventsInput): Promise<AvailableWorkflowEvent[]>;
  getHistory(uuid: string, options?: GetHistoryOptions): Promise<WorkflowHistoryRecord[]>;
  enqueueEvent?(input: EnqueueWorkflowEventInput): Promise<DurableWorkflowExecution>;
}
