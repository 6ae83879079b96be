import { describe, expect, it } from "vitest";
import {
  InMemoryCommandRegistry,
  InMemoryDefinitionRegistry,
  WorkflowCompiler,
  WorkflowRuntime,
  WorkflowValidator,
  toMermaidDiagram,
  type CommandResult,
  type WorkflowCommand,
  type WorkflowDefinition,
  type WorkflowExecutionContext,
} from "@duraflows/core";
import { createInMemoryPersistence, SimulatedClock } from "@duraflows/core/testing";
import { readFixture } from "./support/read-fixture.js";

// The README example, runnable.
type OrderState =
  | "new"
  | "exportable"
  | "exported"
  | "in_transit"
  | "delivered"
  | "closed"
  | "cancelled"
  | "export_failed";

const orderWorkflow: WorkflowDefinition<OrderState> = JSON.parse(readFixture("order-workflow.json"));

interface Order {
  id: string;
}

class SendOrderToWarehouse implements WorkflowCommand<Order> {
  readonly sent: string[] = [];

  async execute(order: Order, ctx: WorkflowExecutionContext): Promise<CommandResult> {
    this.sent.push(order.id);
    ctx.context.warehouseReference = `WH-${order.id}`;
    return { ok: true, code: "SENT" };
  }
}

class NotifyCustomer implements WorkflowCommand<Order> {
  execute(): CommandResult {
    return { ok: true, code: "NOTIFIED", message: "customer notified" };
  }
}

describe("README example", () => {
  it("defines, runs, inspects and draws the order workflow", async () => {
    const definitionRegistry = new InMemoryDefinitionRegistry({
      validator: new WorkflowValidator(),
      compiler: new WorkflowCompiler(),
    });
    definitionRegistry.register(orderWorkflow);
    const commandRegistry = new InMemoryCommandRegistry();
    const warehouse = new SendOrderToWarehouse();
    commandRegistry.register("sendOrderToWarehouse", warehouse);
    commandRegistry.register("notifyCustomer", new NotifyCustomer());
    const clock = new SimulatedClock(new Date("2030-03-01T09:00:00.000Z"));

    const runtime = new WorkflowRuntime({
      ...createInMemoryPersistence(),
      definitionRegistry,
      commandRegistry,
      clock,
    });

    const instance = await runtime.createInstance({
      workflowName: "order",
      metadata: { customerId: "c-42" },
    });
    expect(instance).toMatchObject({
      currentState: "new",
      version: 0,
      context: { paymentStatus: "pending", isActive: true },
    });

    const order = runtime.getHandle(instance.uuid);
    const paid = await order.triggerEvent("PaymentReceived");
    expect(paid).toMatchObject({ outcome: "success", fromState: "new", toState: "exportable" });

    expect((await order.getAvailableEvents()).map((e) => e.eventName)).toEqual(["Export"]);
    const exported = await order.triggerEvent("Export", { subject: { id: "o-1" } });
    expect(exported.toState).toBe("in_transit");
    expect(exported.commandResults.map((r) => r.code)).toEqual(["SENT", "NOTIFIED"]);
    expect(warehouse.sent).toEqual(["o-1"]);

    await order.triggerEvent("Deliver");
    // The scan is strict (`expiresAt < now`): jump just past the 14-day deadline.
    clock.advanceDays(14);
    clock.advanceMinutes(1);
    const sweep = await runtime.processExpiredWorkflows();
    expect(sweep.processed).toBe(1);

    const final = await order.getInstance();
    expect(final).toMatchObject({
      currentState: "closed",
      metadata: { customerId: "c-42" },
      context: {
        paymentStatus: "paid",
        shipmentStatus: "delivered",
        isActive: false,
        warehouseReference: "WH-o-1",
      },
    });
    const history = (await order.getHistory()).reverse();
    expect(history.map((row) => `${row.fromState}-${row.eventName}->${row.toState}`)).toEqual([
      "new-PaymentReceived->exportable",
      "exportable-Export->exported",
      "exported-onEnter->in_transit",
      "in_transit-Deliver->delivered",
      "delivered-TimeOut->closed",
    ]);

    expect(toMermaidDiagram(orderWorkflow)).toBe(readFixture("order-workflow.mmd"));
  });
});
