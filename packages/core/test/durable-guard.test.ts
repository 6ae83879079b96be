import { describe, expect, it } from "vitest";
import { deterministicTransitionUuid } from "../src/durable/deterministic-transition-uuid.js";
import { WorkflowError } from "../src/errors/workflow-error.js";
import { createDurableHarness } from "./support/durable-harness.js";
import { orderWorkflow } from "./support/durable-workflows.js";

async function setup(withGuardRegistry = true) {
  const h = createDurableHarness({ definitions: [orderWorkflow], withGuardRegistry });
  for (const name of ["reserve", "charge", "notify", "audit", "touch"]) h.command(name);
  const { uuid } = await h.runtime.createInstance({ workflowName: "order", context: { n: 1 } });
  return { ...h, uuid };
}

describe("durable guards", () => {
  it("require a guard registry", async () => {
    const h = await setup(false);
    await expect(
      h.runtime.enqueueEvent({ workflowInstanceUuid: h.uuid, eventName: "Approve", idempotencyKey: "k" }),
    ).rejects.toThrow(new WorkflowError("Durable event requires a guard registry"));
    expect(await h.executionStore.findByKey(h.uuid, "k")).toBeNull();
  });

  it("are evaluated once at acceptance with frozen JSON copies", async () => {
    const h = await setup();
    const execution = await h.runtime.enqueueEvent({
      workflowInstanceUuid: h.uuid,
      eventName: "Approve",
      idempotencyKey: "k",
      subject: { amount: 5 },
      triggerMetadata: { by: "ops" },
    });
    expect(execution.status).toBe("pending");
    expect(h.guard.calls).toHaveLength(1);
    const [{ subject, ctx }] = h.guard.calls;
    expect(subject).toEqual({ amount: 5 });
    expect(Object.isFrozen(subject)).toBe(true);
    expect(Object.isFrozen(ctx.context)).toBe(true);
    expect(ctx.context).toEqual({ stage: "new", n: 1 });
    expect(ctx.commandMetadata).toEqual({ level: 2 });
    expect(ctx.triggerMetadata).toEqual({ by: "ops" });
    expect([ctx.fromState, ctx.toState]).toEqual(["new", "shipped"]);
    expect(ctx.transitionUuid).toBe(deterministicTransitionUuid(execution.uuid, 0));
    h.guard.allow = false;
    for (let pass = 0; pass < 4; pass++) await h.runtime.processPendingExecutions();
    expect(h.guard.calls).toHaveLength(1);
    expect((await h.runtime.getExecution(execution.uuid))!.result!.outcome).toBe("success");
    expect((await h.runtime.getInstance(h.uuid))!.currentState).toBe("notified");
  });

  it("pass undefined as the subject when none was given", async () => {
    const h = await setup();
    await h.runtime.enqueueEvent({ workflowInstanceUuid: h.uuid, eventName: "Approve", idempotencyKey: "k" });
    expect(h.guard.calls[0].subject).toBeUndefined();
  });

  it("complete a rejected event at once with a history row and an untouched instance", async () => {
    const h = await setup();
    h.guard.allow = false;
    const before = await h.runtime.getInstance(h.uuid);
    const observed = h.observed.length;
    const execution = await h.runtime.enqueueEvent({
      workflowInstanceUuid: h.uuid,
      eventName: "Approve",
      idempotencyKey: "k",
      triggerMetadata: { by: "ops" },
    });
    const [row] = await h.runtime.getHistory(h.uuid);
    expect(row).toMatchObject({
      workflowInstanceUuid: h.uuid,
      fromState: "new",
      eventName: "Approve",
      toState: "new",
      outcome: "guard-rejected",
      rejectedBy: "allowed",
      commandResultsJson: [],
      triggerMetadata: { by: "ops" },
      definitionVersion: 1,
    });
    expect(execution).toMatchObject({
      status: "completed",
      rejectedBy: "allowed",
      revision: 0,
      result: {
        outcome: "guard-rejected",
        fromState: "new",
        toState: "new",
        commandResults: [],
        historyUuid: expect.any(String),
        rejectedBy: "allowed",
      },
    });
    expect(await h.runtime.getInstance(h.uuid)).toEqual(before);
    expect(h.observed).toHaveLength(observed);
    expect(await h.executionStore.findActive(h.uuid)).toBeNull();
    expect((await h.runtime.processPendingExecutions()).processed).toBe(0);
    expect(
      await h.runtime.enqueueEvent({
        workflowInstanceUuid: h.uuid,
        eventName: "Approve",
        idempotencyKey: "k",
      }),
    ).toEqual(execution);
    expect(h.guard.calls).toHaveLength(1);
  });
});
