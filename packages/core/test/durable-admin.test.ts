import { describe, expect, it } from "vitest";
import { WorkflowInstanceBusyError } from "../src/errors/durable.error.js";
import { InvalidArgumentError } from "../src/errors/workflow-error.js";
import { InMemoryDefinitionRegistry } from "../src/registry/in-memory-definition-registry.js";
import { WorkflowRuntime } from "../src/runtime/workflow-runtime.js";
import { createDurableHarness, deferred, until } from "./support/durable-harness.js";
import { orderWorkflow } from "./support/durable-workflows.js";

async function setup() {
  const h = createDurableHarness({ definitions: [orderWorkflow], durableExecution: { maxAttempts: 1 } });
  for (const name of ["reserve", "charge", "notify", "audit", "touch"]) h.command(name);
  const { uuid } = await h.runtime.createInstance({ workflowName: "order" });
  const enqueue = (eventName: string, key = eventName) =>
    h.runtime.enqueueEvent({ workflowInstanceUuid: uuid, eventName, idempotencyKey: key });
  const park = async () => {
    h.behave("touch", () => {
      throw new Error("down");
    });
    const execution = await enqueue("Poke", "parked");
    await h.runtime.processPendingExecutions();
    h.behave("touch", () => ({ ok: true }));
    return execution;
  };
  return { ...h, uuid, enqueue, park };
}

describe("getExecution", () => {
  it("returns the record or null", async () => {
    const h = await setup();
    const execution = await h.enqueue("Poke");
    expect(await h.runtime.getExecution(execution.uuid)).toEqual(execution);
    expect(await h.runtime.getExecution("00000000-0000-4000-8000-000000000000")).toBeNull();
  });
});

describe("retryExecution", () => {
  it("moves a parked execution back to pending with attempts reset and available now", async () => {
    const h = await setup();
    const execution = await h.park();
    const parked = (await h.runtime.getExecution(execution.uuid))!;
    expect(parked).toMatchObject({ status: "parked", attempts: 1, lastError: "down" });
    h.clock.advance(10);
    const retried = await h.runtime.retryExecution(execution.uuid);
    expect(retried).toMatchObject({
      status: "pending",
      attempts: 0,
      availableAt: h.clock.now().toISOString(),
      updatedAt: h.clock.now().toISOString(),
      revision: parked.revision + 1,
      leaseToken: null,
      leaseUntil: null,
    });
    expect(await h.runtime.getExecution(execution.uuid)).toEqual(retried);
    expect((await h.runtime.processPendingExecutions()).completed).toEqual([execution.uuid]);
  });

  it("refuses unknown and non-parked executions with the exact messages", async () => {
    const h = await setup();
    await expect(h.runtime.retryExecution("00000000-0000-4000-8000-000000000000")).rejects.toThrow(
      new InvalidArgumentError("Durable execution not found"),
    );
    const pending = await h.enqueue("Poke");
    await expect(h.runtime.retryExecution(pending.uuid)).rejects.toThrow(
      new InvalidArgumentError("Only parked executions can be retried"),
    );
    await h.runtime.processPendingExecutions();
    await expect(h.runtime.retryExecution(pending.uuid)).rejects.toThrow(
      "Only parked executions can be retried",
    );
  });
});

describe("cancelExecution", () => {
  const REFUSED = "Cannot cancel a completed or actively leased execution";

  it("cancels pending and parked executions and frees the instance, undoing nothing", async () => {
    const h = await setup();
    const pending = await h.enqueue("Poke");
    const cancelled = await h.runtime.cancelExecution(pending.uuid);
    expect(cancelled).toMatchObject({ status: "cancelled", revision: 1, leaseToken: null });
    expect(await h.executionStore.findActive(h.uuid)).toBeNull();
    const parked = await h.park();
    expect((await h.runtime.cancelExecution(parked.uuid)).status).toBe("cancelled");
    expect((await h.runtime.processPendingExecutions()).processed).toBe(0);
    await h.runtime.triggerEvent({ workflowInstanceUuid: h.uuid, eventName: "Poke" });
  });

  it("refuses completed, cancelled and actively leased executions", async () => {
    const h = await setup();
    await expect(h.runtime.cancelExecution("00000000-0000-4000-8000-000000000000")).rejects.toThrow(
      new InvalidArgumentError("Durable execution not found"),
    );
    const done = await h.enqueue("Noop");
    await h.runtime.processPendingExecutions();
    await expect(h.runtime.cancelExecution(done.uuid)).rejects.toThrow(new InvalidArgumentError(REFUSED));
    const { uuid } = await h.runtime.createInstance({ workflowName: "order" });
    const once = await h.runtime.enqueueEvent({
      workflowInstanceUuid: uuid,
      eventName: "Poke",
      idempotencyKey: "k",
    });
    await h.runtime.cancelExecution(once.uuid);
    await expect(h.runtime.cancelExecution(once.uuid)).rejects.toThrow(REFUSED);
  });

  it("refuses a live lease, allows an expired one, and the late worker reports skipped", async () => {
    const h = await setup();
    const release = deferred<{ ok: boolean }>();
    h.behave("touch", () => release.promise);
    const execution = await h.enqueue("Poke");
    const worker = h.runtime.processPendingExecutions();
    await until(() => h.callsOf("touch").length === 1);
    await expect(h.runtime.cancelExecution(execution.uuid)).rejects.toThrow(REFUSED);
    h.clock.advance(30_000);
    expect((await h.runtime.cancelExecution(execution.uuid)).status).toBe("cancelled");
    release.resolve({ ok: true });
    expect((await worker).skipped).toEqual([execution.uuid]);
    expect((await h.runtime.getExecution(execution.uuid))!.journal).toEqual([]);
    expect((await h.runtime.getInstance(h.uuid))!.version).toBe(0);
  });
});

describe("occupancy", () => {
  it("blocks triggerEvent, other enqueues and rearmTimeout while pending, running or parked", async () => {
    const h = await setup();
    const busy = new WorkflowInstanceBusyError(h.uuid);
    const check = async () => {
      await expect(
        h.runtime.triggerEvent({ workflowInstanceUuid: h.uuid, eventName: "Poke" }),
      ).rejects.toThrow(busy);
      await expect(
        h.runtime.enqueueEvent({ workflowInstanceUuid: h.uuid, eventName: "Poke", idempotencyKey: "x" }),
      ).rejects.toThrow(busy);
      await expect(h.runtime.rearmTimeout(h.uuid)).rejects.toThrow(busy);
    };
    const pending = await h.enqueue("Poke");
    await check();
    await h.runtime.cancelExecution(pending.uuid);
    const release = deferred<{ ok: boolean }>();
    h.behave("touch", () => release.promise);
    await h.enqueue("Poke", "running");
    const worker = h.runtime.processPendingExecutions();
    await until(() => h.callsOf("touch").length === 1);
    await check();
    release.resolve({ ok: true });
    await worker;
    const parked = await h.park();
    await check();
    await h.runtime.cancelExecution(parked.uuid);
    await expect(h.runtime.rearmTimeout(h.uuid)).resolves.toMatchObject({ uuid: h.uuid });
  });

  it("lets keyed triggerEvent replays through", async () => {
    const h = createDurableHarness({ definitions: [orderWorkflow], idempotency: true });
    for (const name of ["reserve", "charge", "notify", "audit", "touch"]) h.command(name);
    const runtime = h.runtime;
    const { uuid } = await runtime.createInstance({ workflowName: "order" });
    const input = { workflowInstanceUuid: uuid, eventName: "Poke", idempotencyKey: "sync" };
    const first = await runtime.triggerEvent(input);
    await runtime.enqueueEvent({ workflowInstanceUuid: uuid, eventName: "Poke", idempotencyKey: "queued" });
    expect(await runtime.triggerEvent(input)).toEqual(first);
  });

  it("makes timeout sweeps skip the instance and migrations fail it", async () => {
    const h = await setup();
    const execution = await h.enqueue("Poke");
    h.clock.advanceMinutes(10);
    const sweep = await h.runtime.processExpiredWorkflows();
    expect(sweep.processed + sweep.rejected + sweep.failed.length).toBe(0);
    expect((await h.runtime.getInstance(h.uuid))!.currentState).toBe("new");
    const registry = new InMemoryDefinitionRegistry();
    registry.register({ ...orderWorkflow, version: 2 });
    const v2 = new WorkflowRuntime({
      ...h.persistence,
      definitionRegistry: registry,
      commandRegistry: h.commandRegistry,
      guardRegistry: h.guardRegistry,
      clock: h.clock,
    });
    const migration = await v2.migrateInstances({
      workflowName: "order",
      fromVersion: 1,
      toVersion: 2,
      instanceUuids: [h.uuid],
    });
    expect(migration.failed).toEqual([
      { uuid: h.uuid, error: `Instance "${h.uuid}" has an active durable execution` },
    ]);
    await h.runtime.cancelExecution(execution.uuid);
    expect((await h.runtime.processExpiredWorkflows()).processed).toBe(1);
  });
});
