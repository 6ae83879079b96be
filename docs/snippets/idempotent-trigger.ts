import { IdempotencyConflictError, type WorkflowRuntime } from "@duraflows/core";

/** A payment webhook may be delivered twice; the provider's event id makes the second call a replay. */
export async function onPaymentWebhook(
  runtime: WorkflowRuntime,
  payload: { orderWorkflowUuid: string; providerEventId: string; amountCents: number },
) {
  try {
    return await runtime.triggerEvent({
      workflowInstanceUuid: payload.orderWorkflowUuid,
      eventName: "PaymentReceived",
      subject: payload,
      idempotencyKey: `payment:${payload.providerEventId}`,
      // Optional: a digest of the request; a reused key with a different fingerprint is a conflict.
      idempotencyFingerprint: `amount:${payload.amountCents}`,
    });
  } catch (error) {
    if (error instanceof IdempotencyConflictError) {
      console.warn(`key reused for a different request on ${error.workflowInstanceUuid}`);
    }
    throw error;
  }
}
