import { Injectable } from "@nestjs/common";
import { DiscoveryService } from "@nestjs/core";
import type { AnyTypedWorkflow, CommandOf } from "@duraflows/core";

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
export function WorkflowCommand(name: string): ClassDecorator;
/**
 * The typed form: `@WorkflowCommand(orderWorkflow, "sendToWarehouse")` only accepts a command name the workflow
 * references (a typo is a compile error); implement `TypedWorkflowCommand<typeof orderWorkflow>` for a typed
 * `ctx.context`.
 */
export function WorkflowCommand<W extends AnyTypedWorkflow>(workflow: W, name: CommandOf<W>): ClassDecorator;
export function WorkflowCommand(
  nameOrWorkflow: string | AnyTypedWorkflow,
  typedName?: unknown,
): ClassDecorator {
  const name = typeof nameOrWorkflow === "string" ? nameOrWorkflow : typedName;
  if (typeof name !== "string") {
    throw new TypeError("@WorkflowCommand(workflow, name) needs the command name as its second argument");
  }
  return (target) => {
    Injectable()(target);
    workflowCommandDiscoverable(name)(target);
  };
}
