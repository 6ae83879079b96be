import { Inject, Injectable } from "@nestjs/common";
import { WorkflowCommand, type CommandResult, type WorkflowExecutionContext } from "@duraflows/nestjs";

/** Stands in for your payment provider's client. */
@Injectable()
export class PaymentGateway {
  async charge(orderId: string, amount: number): Promise<{ approved: boolean; reference: string }> {
    return { approved: amount <= 1_000, reference: `pay-${orderId}` };
  }
}

/**
 * Runs when the Pay event fires. It is an ordinary Nest provider, so it gets its dependencies injected.
 * Returning `ok: false` routes the order to the event's errorState (paymentFailed) instead of throwing.
 */
@WorkflowCommand("chargePayment")
export class ChargePaymentCommand {
  constructor(@Inject(PaymentGateway) private readonly payments: PaymentGateway) {}

  async execute(_subject: unknown, ctx: WorkflowExecutionContext): Promise<CommandResult> {
    const { orderId, amount } = ctx.context as { orderId: string; amount: number };
    const payment = await this.payments.charge(orderId, amount);
    if (!payment.approved) return { ok: false, code: "DECLINED", message: "the card was declined" };
    // Changes to ctx.context are saved with the transition.
    ctx.context.paymentReference = payment.reference;
    return { ok: true, metadata: { reference: payment.reference } };
  }
}
