import {
  isRetryableWorkflowError,
  type WorkflowExecutionResult,
  type WorkflowRuntime,
} from "@duraflows/core";

/**
 * Fires an event, trying again (up to three attempts, with a growing pause) when the database gave up on a
 * lock or aborted the transaction to resolve a conflict. Every other error is thrown at once.
 */
export async function triggerWithRetry(
  runtime: WorkflowRuntime,
  workflowInstanceUuid: string,
  eventName: string,
): Promise<WorkflowExecutionResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await runtime.triggerEvent({ workflowInstanceUuid, eventName });
    } catch (error) {
      if (attempt >= 3 || !isRetryableWorkflowError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}
