import { describe, expect, it } from "vitest";
import type { WorkflowDefinition } from "../src/definition/types.js";
import { InvalidArgumentError, WorkflowError } from "../src/errors/workflow-error.js";
import type { StateEnterEvent } from "../src/observer/types.js";
import { InMemoryCommandRegistry } from "../src/registry/in-memory-command-registry.js";
import { InMemoryDefinitionRegistry } from "../src/registry/in-memory-definition-registry.js";
import { WorkflowRuntime } from "../src/runtime/workflow-runtime.js";
import { createInMemoryPersistence } from "../src/testing/create-in-memory-persistence.js";

const order: WorkflowDefinition = {
  name: "order",
  initialState: "draft",
  states: {
    draft: {
      events: {
        Expire: { targetState: "expired" },
        Submit: { targetState: "submitted", commands: [{ name: "notify" }] },
      },
    },
    expired: { context: { expired: true } },
    submitted: {},
  },
};

function setup() {
  const definitionRegistry = new InMemoryDefinitionRegistry();
  definitionRegistry.register(order);
  const commandRegistry = new InMemoryCommandRegistry();
  let notified = 0;
  commandRegistry.register("notify", { execute: () => ((notified += 1), { ok: true }) });
  const persistence = createInMemoryPersistence();
  const runtime = new WorkflowRuntime({
    ...persistence,
    definitionRegistry,
    commandRegistry,
    clock: { now: () => new Date() },
  });
  const entered: StateEnterEvent[] = [];
  runtime.addObserver({ name: "recorder", onEnter: (event) => void entered.push(event) });
  return { runtime, persistence, entered, notified: () => notified };
}

async function createMany(runtime: WorkflowRuntime, count: number, context: Record<string, unknown> = {}) {
  const uuids: string[] = [];
  for (let i = 0; i < count; i++)
    uuids.push((await runtime.createInstance({ workflowName: "order", context })).uuid);
  return uuids;
}

describe("triggerEventForMany in memory", () => {
  it("moves a pure-data event set-based in batches, one history row per instance, observers after commit", async () => {
    const { runtime, entered } = setup();
    const eu = await createMany(runtime, 5, { region: "eu" });
    const us = await createMany(runtime, 2, { region: "us" });
    entered.length = 0;
    const result = await runtime.triggerEventForMany({
      workflowName: "order",
      state: "draft",
      eventName: "Expire",
      where: { context: { region: "eu" } },
      limit: 100,
      batchSize: 2,
      triggerMetadata: { by: "ops" },
    });
    expect(result).toEqual({ mode: "bulk", matched: 5, transitioned: 5, failed: 0, errors: [], batches: 3 });
    for (const uuid of eu) {
      const instance = await runtime.getInstance(uuid);
      expect(instance).toMatchObject({
        currentState: "expired",
        version: 1,
        context: { region: "eu", expired: true },
      });
      const history = await runtime.getHistory(uuid);
      expect(history[0]).toMatchObject({
        eventName: "Expire",
        fromState: "draft",
        toState: "expired",
        triggerMetadata: { by: "ops" },
      });
      expect(history.filter((row) => row.eventName === "Expire")).toHaveLength(1);
    }
    for (const uuid of us) expect((await runtime.getInstance(uuid))!.currentState).toBe("draft");
    expect(entered.map((event) => event.instanceUuid).sort()).toEqual([...eu].sort());
    expect(entered.every((event) => event.triggerEvent === "Expire" && event.fromState === "draft")).toBe(
      true,
    );
  });

  it("stops at limit and continues after the last uuid on the next call", async () => {
    const { runtime } = setup();
    await createMany(runtime, 5);
    const first = await runtime.triggerEventForMany({
      workflowName: "order",
      state: "draft",
      eventName: "Expire",
      limit: 3,
    });
    expect(first).toMatchObject({ mode: "bulk", matched: 3, transitioned: 3, batches: 1 });
    const second = await runtime.triggerEventForMany({
      workflowName: "order",
      state: "draft",
      eventName: "Expire",
      limit: 3,
    });
    expect(second).toMatchObject({ matched: 2, transitioned: 2 });
  });

  it("falls back to one triggerEvent per instance when the event has commands", async () => {
    const { runtime, notified } = setup();
    const uuids = await createMany(runtime, 3);
    const result = await runtime.triggerEventForMany({
      workflowName: "order",
      state: "draft",
      eventName: "Submit",
      limit: 10,
    });
    expect(result).toEqual({
      mode: "per-instance",
      matched: 3,
      transitioned: 3,
      failed: 0,
      errors: [],
      batches: 0,
    });
    expect(notified()).toBe(3);
    for (const uuid of uuids) expect((await runtime.getInstance(uuid))!.currentState).toBe("submitted");
  });

  it("rejects malformed input and a store without claimInState", async () => {
    const { runtime, persistence } = setup();
    await expect(
      runtime.triggerEventForMany({ workflowName: "order", state: "draft", eventName: "Expire", limit: 0 }),
    ).rejects.toThrow(InvalidArgumentError);
    await expect(
      runtime.triggerEventForMany({ workflowName: "order", state: "", eventName: "Expire", limit: 1 }),
    ).rejects.toThrow("state must be a non-empty string");
    const bare = new WorkflowRuntime({
      ...persistence,
      instanceStore: Object.assign(Object.create(persistence.instanceStore), { claimInState: undefined }),
      definitionRegistry: (() => {
        const registry = new InMemoryDefinitionRegistry();
        registry.register(order);
        return registry;
      })(),
      commandRegistry: new InMemoryCommandRegistry(),
      clock: { now: () => new Date() },
    });
    await expect(
      bare.triggerEventForMany({ workflowName: "order", state: "draft", eventName: "Expire", limit: 1 }),
    ).rejects.toThrow(WorkflowError);
  });
});
