import type { WorkflowCommand, WorkflowRuntime } from "@duraflows/core";

/** An external call made safe to retry: the durable key identifies this command occurrence across attempts. */
export const chargeCard: WorkflowCommand<{ amountCents: number }> = {
  async execute(subject, ctx) {
    const key = ctx.durable?.idempotencyKey ?? ctx.transitionUuid;
    await ctx.durable?.heartbeat(); // extend the lease before slow work
    const response = await fetch("https://payments.example/charges", {
      method: "POST",
      headers: { "idempotency-key": key, "content-type": "application/json" },
      body: JSON.stringify({ amount: subject.amountCents }),
    });
    if (!response.ok) return { ok: false, code: `HTTP_${response.status}` };
    ctx.context["chargedAt"] = ctx.now.toISOString();
    return { ok: true };
  },
};

/** Accept the event now (one short transaction); a worker runs the commands later, checkpointing each one. */
export async function acceptCheckout(runtime: WorkflowRuntime, orderUuid: string, amountCents: number) {
  const execution = await runtime.enqueueEvent({
    workflowInstanceUuid: orderUuid,
    eventName: "Checkout",
    idempotencyKey: `checkout:${orderUuid}`,
    subject: { amountCents },
  });
  return execution.uuid; // poll runtime.getExecution(uuid) or watch the instance
}

/** The worker loop: outside any transaction, on as many processes as you like. */
export async function workOnce(runtime: WorkflowRuntime): Promise<void> {
  const result = await runtime.processPendingExecutions({ limit: 20 });
  for (const uuid of result.parked) {
    const execution = await runtime.getExecution(uuid);
    console.error(`execution ${uuid} parked: ${execution?.lastError}`); // fix, then runtime.retryExecution(uuid)
  }
}
