import { startWorker, type WorkflowCommand, type WorkflowRuntime } from "@duraflows/core";

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

/** The worker: outside any transaction, on as many processes as you like. Returns a handle to stop it. */
export function startExecutionWorker(runtime: WorkflowRuntime) {
  const worker = startWorker(runtime, {
    executions: { limit: 20 },
    timeouts: true, // the timeout sweeper can share the loop
    intervalMs: 1_000,
    onPass: ({ executions }) => {
      for (const uuid of executions?.parked ?? []) {
        // fix the cause, then runtime.retryExecution(uuid)
        void runtime
          .getExecution(uuid)
          .then((execution) => console.error(`parked ${uuid}: ${execution?.lastError}`));
      }
    },
  });
  process.once("SIGTERM", () => void worker.stop()); // finishes the pass in flight, then resolves
  return worker;
}
