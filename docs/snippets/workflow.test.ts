import { beforeEach, describe, expect, it } from "vitest";
import {
  InMemoryCommandRegistry,
  InMemoryDefinitionRegistry,
  WorkflowCompiler,
  WorkflowRuntime,
  WorkflowValidator,
  type WorkflowCommand,
} from "@duraflows/core";
import { SimulatedClock, createInMemoryPersistence } from "@duraflows/core/testing";
import { orderWorkflow } from "./define-workflow.js";

describe("order workflow", () => {
  let clock: SimulatedClock;
  let runtime: WorkflowRuntime;
  let warehouseAnswer: { ok: boolean; code?: string };

  beforeEach(() => {
    warehouseAnswer = { ok: true };
    const sendToWarehouse: WorkflowCommand = { execute: () => warehouseAnswer };
    const definitionRegistry = new InMemoryDefinitionRegistry({
      validator: new WorkflowValidator(),
      compiler: new WorkflowCompiler(),
    });
    definitionRegistry.register(orderWorkflow);
    const commandRegistry = new InMemoryCommandRegistry();
    commandRegistry.register("sendToWarehouse", sendToWarehouse);
    clock = new SimulatedClock(new Date("2030-01-01T00:00:00Z"));
    runtime = new WorkflowRuntime({
      definitionRegistry,
      commandRegistry,
      clock,
      ...createInMemoryPersistence(),
    });
  });

  it("routes a refused shipment to on_hold", async () => {
    const { uuid } = await runtime.createInstance({ workflowName: "order" });
    await runtime.triggerEvent({ workflowInstanceUuid: uuid, eventName: "PaymentReceived" });
    warehouseAnswer = { ok: false, code: "NO_STOCK" };

    const result = await runtime.triggerEvent({ workflowInstanceUuid: uuid, eventName: "Ship" });

    expect(result).toMatchObject({ outcome: "failure", toState: "on_hold" });
    expect((await runtime.getHistory(uuid))[0]).toMatchObject({
      eventName: "Ship",
      errorMessage: "NO_STOCK",
    });
  });

  it("closes a shipped order 14 days later", async () => {
    const { uuid } = await runtime.createInstance({ workflowName: "order" });
    await runtime.triggerEvent({ workflowInstanceUuid: uuid, eventName: "PaymentReceived" });
    await runtime.triggerEvent({ workflowInstanceUuid: uuid, eventName: "Ship" });

    clock.advanceDays(14);
    expect((await runtime.processExpiredWorkflows()).processed).toBe(0); // the store scan is strictly "<"
    clock.advanceMinutes(1);
    expect((await runtime.processExpiredWorkflows()).processed).toBe(1);

    expect(await runtime.getInstance(uuid)).toMatchObject({ currentState: "closed", expiresAt: null });
  });
});
