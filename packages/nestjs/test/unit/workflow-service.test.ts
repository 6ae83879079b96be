import "reflect-metadata";
import { WorkflowHandle, type WorkflowRuntime } from "@duraflows/core";
import { describe, expect, expectTypeOf, it, vi } from "vitest";
import { WorkflowService, WorkflowTimeoutService } from "../../src/index.js";
import { orderWorkflow, type OrderState } from "../fixtures/order-workflow.js";

const UUID = "00000000-0000-4000-8000-000000000001";

function fakeRuntime() {
  const methods = [
    "createInstance",
    "triggerEvent",
    "enqueueEvent",
    "getExecution",
    "processPendingExecutions",
    "retryExecution",
    "cancelExecution",
    "getAvailableEvents",
    "getInstance",
    "getHistory",
    "listDefinitionVersions",
    "migrateInstances",
    "processExpiredWorkflows",
    "findParkedTimeouts",
    "rearmTimeout",
  ] as const;
  const runtime: Record<string, ReturnType<typeof vi.fn>> = {};
  for (const name of methods) runtime[name] = vi.fn(async () => ({ from: name }));
  return runtime as unknown as WorkflowRuntime & Record<(typeof methods)[number], ReturnType<typeof vi.fn>>;
}

describe("WorkflowService", () => {
  it.each([
    ["createInstance", [{ workflowName: "order", context: { a: 1 } }]],
    [
      "triggerEvent",
      [{ workflowInstanceUuid: UUID, eventName: "Pay", idempotencyKey: "k", idempotencyFingerprint: "f" }],
    ],
    ["enqueueEvent", [{ workflowInstanceUuid: UUID, eventName: "Pay", idempotencyKey: "k" }]],
    ["getExecution", [UUID]],
    ["processPendingExecutions", [{ limit: 5 }]],
    ["retryExecution", [UUID]],
    ["cancelExecution", [UUID]],
    ["retryExecution", [UUID, { triggerMetadata: { actor: "ops" } }]],
    ["cancelExecution", [UUID, { triggerMetadata: { actor: "ops" } }]],
    ["getAvailableEvents", [{ workflowInstanceUuid: UUID }]],
    ["getInstance", [UUID]],
    ["getHistory", [UUID, { limit: 2, offset: 1 }]],
    ["listDefinitionVersions", ["order"]],
    ["migrateInstances", [{ workflowName: "order", fromVersion: 1, toVersion: 2 }]],
  ] as const)("delegates %s unchanged", async (method, args) => {
    const runtime = fakeRuntime();
    const service = new WorkflowService(runtime) as any;
    await expect(service[method](...args)).resolves.toEqual({ from: method });
    expect(runtime[method]).toHaveBeenCalledWith(...args);
  });

  it("createInstanceFor fills workflowName from the definition and types the state", async () => {
    const runtime = fakeRuntime();
    const service = new WorkflowService(runtime);
    const created = service.createInstanceFor(orderWorkflow, { context: { orderId: 1 } });
    expectTypeOf(created).resolves.toHaveProperty("currentState").toEqualTypeOf<OrderState>();
    await created;
    expect(runtime.createInstance).toHaveBeenCalledWith({ context: { orderId: 1 }, workflowName: "order" });
    await service.createInstanceFor(orderWorkflow);
    expect(runtime.createInstance).toHaveBeenLastCalledWith({ workflowName: "order" });
  });

  it("triggerEventFor delegates without checking the definition", async () => {
    const runtime = fakeRuntime();
    const service = new WorkflowService(runtime);
    const input = { workflowInstanceUuid: UUID, eventName: "Anything" };
    const result = service.triggerEventFor(orderWorkflow, input);
    expectTypeOf(result).resolves.toHaveProperty("toState").toEqualTypeOf<OrderState>();
    await result;
    expect(runtime.triggerEvent).toHaveBeenCalledWith(input);
  });

  it("getHandle is synchronous, makes no call and routes through the service", async () => {
    const runtime = fakeRuntime();
    const service = new WorkflowService(runtime);
    const handle = service.getHandle(UUID);
    expect(handle).toBeInstanceOf(WorkflowHandle);
    expect(handle.uuid).toBe(UUID);
    for (const fn of Object.values(runtime)) expect(fn).not.toHaveBeenCalled();
    await handle.triggerEvent("Pay", { idempotencyKey: "k" });
    expect(runtime.triggerEvent).toHaveBeenCalledWith(
      expect.objectContaining({ workflowInstanceUuid: UUID, eventName: "Pay", idempotencyKey: "k" }),
    );
    await handle.enqueueEvent("Pay", { idempotencyKey: "k2" });
    expect(runtime.enqueueEvent).toHaveBeenCalledWith(expect.objectContaining({ idempotencyKey: "k2" }));
  });
});

describe("WorkflowTimeoutService", () => {
  it("processExpiredWorkflows passes the limit (undefined → core default)", async () => {
    const runtime = fakeRuntime();
    const service = new WorkflowTimeoutService(runtime);
    await service.processExpiredWorkflows(7);
    await service.processExpiredWorkflows();
    expect(runtime.processExpiredWorkflows.mock.calls).toEqual([[{ limit: 7 }], [{ limit: undefined }]]);
  });

  it("delegates findParkedTimeouts and rearmTimeout", async () => {
    const runtime = fakeRuntime();
    const service = new WorkflowTimeoutService(runtime);
    await service.findParkedTimeouts({ limit: 3, workflowName: "order" });
    await service.rearmTimeout(UUID);
    await service.rearmTimeout(UUID, { triggerMetadata: { actor: "ops" } });
    expect(runtime.findParkedTimeouts).toHaveBeenCalledWith({ limit: 3, workflowName: "order" });
    expect(runtime.rearmTimeout.mock.calls).toEqual([[UUID], [UUID, { triggerMetadata: { actor: "ops" } }]]);
  });
});
