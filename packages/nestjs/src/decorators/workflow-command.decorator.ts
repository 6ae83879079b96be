import { Injectable } from "@nestjs/common";
import { DiscoveryService } from "@nestjs/core";

/** @internal The discoverable decorator behind {@link WorkflowCommand}; discovery reads its metadata. */
export const workflowCommandDiscoverable = DiscoveryService.createDecorator<string>();

/** Metadata key under which {@link WorkflowCommand} stores the command name (the discovery decorator's `KEY`). */
export const WORKFLOW_COMMAND_METADATA_KEY: string = workflowCommandDiscoverable.KEY;

/**
 * Marks a class as a workflow command registered under `name`: applies `@Injectable()` and makes the class
 * discoverable by `WorkflowModule`. The class must still be listed in some module's `providers`.
 *
 * @example
 * ```ts
 * @WorkflowCommand("chargePayment")
 * export class ChargePaymentCommand implements WorkflowCommand<Order> {
 *   constructor(private readonly payments: PaymentsClient) {}
 *   async execute(order: Order) { await this.payments.charge(order.id); return { ok: true }; }
 * }
 * ```
 */
export function WorkflowCommand(name: string): ClassDecorator {
  return (target) => {
    Injectable()(target);
    workflowCommandDiscoverable(name)(target);
  };
}
