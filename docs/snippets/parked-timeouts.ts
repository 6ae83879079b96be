import type { WorkflowRuntime } from "@duraflows/core";

/** Lists timeouts that failed too often and were parked, then re-arms them once the cause is fixed. */
export async function rearmParkedTimeouts(runtime: WorkflowRuntime, workflowName: string): Promise<number> {
  const parked = await runtime.findParkedTimeouts({ workflowName, limit: 50 });
  for (const instance of parked) {
    console.log(instance.uuid, instance.timeoutRetry?.attempts, instance.timeoutRetry?.lastError);
    await runtime.rearmTimeout(instance.uuid); // the next sweep fires the timeout again
  }
  return parked.length;
}
