import { describe, expect, it } from "vitest";
import { WorkflowDefinitionError, type WorkflowDefinition } from "@duraflows/core";
import {
  collectingObserver,
  createFixture,
  recordingCommand,
  throwingCommand,
} from "./support/runtime-fixture.js";

const withInitialOnEnter: WorkflowDefinition = {
  name: "boot",
  initialState: "start",
  states: {
    start: {
      context: { stage: "start", fromPatch: true },
      onEnter: { targetState: "ready", commands: [{ name: "prepare" }] },
    },
    ready: { context: { stage: "ready" }, events: { Go: { targetState: "done" } } },
    done: {},
  },
};

const plain: WorkflowDefinition = {
  name: "plain",
  initialState: "open",
  states: {
    open: {
      context: { a: 1, b: { deep: true } },
      events: { Close: { targetState: "closed", timeout: { afterHours: 2 } } },
    },
    closed: {},
  },
};

describe("createInstance", () => {
  it("writes no history row for the creation itself", async () => {
    const { runtime } = createFixture({ definitions: [plain] });
    const instance = await runtime.createInstance({ workflowName: "plain" });
    expect(await runtime.getHistory(instance.uuid)).toEqual([]);
  });

  it("builds the instance: context patch then input (input wins), metadata clone, deadline, version 0", async () => {
    const { runtime, clock } = createFixture({ definitions: [plain] });
    const inputContext = { b: "override", c: [1] };
    const metadata = { tenant: { id: "t" } };
    const instance = await runtime.createInstance({ workflowName: "plain", context: inputContext, metadata });
    inputContext.c.push(2);
    metadata.tenant.id = "changed";
    const now = clock.now();
    expect(instance).toMatchObject({
      workflowName: "plain",
      currentState: "open",
      version: 0,
      definitionVersion: 1,
      timeoutRetry: null,
      context: { a: 1, b: "override", c: [1] },
      metadata: { tenant: { id: "t" } },
    });
    expect(instance.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(instance.expiresAt).toEqual(new Date(now.getTime() + 2 * 3_600_000));
    expect(instance.createdAt).toEqual(now);
    expect(instance.updatedAt).toEqual(now);
    expect(instance.lastTransitionAt).toEqual(now);
    expect(await runtime.getInstance(instance.uuid)).toEqual(instance);
  });

  it("runs the initial onEnter chain: one history row per hop, observers with fromState null and shared uuid", async () => {
    const prepare = recordingCommand((ctx) => {
      ctx.context.prepared = true;
      return { ok: true };
    });
    const observer = collectingObserver();
    const { runtime } = createFixture({
      definitions: [withInitialOnEnter],
      commands: { prepare },
      runtime: { observers: [observer] },
    });
    const instance = await runtime.createInstance({
      workflowName: "boot",
      triggerMetadata: { requestId: "r1" },
      context: { input: 1 },
    });
    expect(instance.currentState).toBe("ready");
    expect(instance.version).toBe(1);
    expect(instance.context).toEqual({ stage: "ready", fromPatch: true, prepared: true, input: 1 });

    const history = await runtime.getHistory(instance.uuid);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      fromState: "start",
      eventName: "onEnter",
      toState: "ready",
      outcome: "success",
      triggerMetadata: { source: "onEnter" },
      definitionVersion: 1,
    });

    const [initial, hop] = observer.events;
    expect(initial).toMatchObject({
      fromState: null,
      toState: "start",
      state: "start",
      triggerEvent: null,
      triggerMetadata: { requestId: "r1" },
      context: { stage: "start", fromPatch: true, input: 1 },
    });
    const ctx = prepare.calls[0].ctx;
    expect(ctx.fromState).toBeNull();
    expect(ctx.toState).toBe("start");
    expect(ctx.transitionUuid).toBe(initial.transitionUuid);
    expect(ctx.triggerMetadata).toEqual({ requestId: "r1" });
    expect(hop).toMatchObject({ fromState: "start", toState: "ready", triggerEvent: "onEnter" });
    expect(hop.transitionUuid).not.toBe(initial.transitionUuid);
    expect(observer.events).toHaveLength(2);
  });

  it("rolls back entirely when an initial onEnter command throws (no instance survives, no observers)", async () => {
    const observer = collectingObserver();
    const { runtime, persistence } = createFixture({
      definitions: [withInitialOnEnter],
      commands: { prepare: throwingCommand(new Error("prepare failed")) },
      runtime: { observers: [observer] },
    });
    await expect(runtime.createInstance({ workflowName: "boot" })).rejects.toThrow("prepare failed");
    expect(
      await persistence.instanceStore.countInstances({
        workflowName: "boot",
        definitionVersion: 1,
        excludeStates: [],
      }),
    ).toBe(0);
    expect(observer.events).toEqual([]);
  });

  it("rejects an unknown workflow with WorkflowDefinitionError", async () => {
    const { runtime } = createFixture({ definitions: [plain] });
    const error = await runtime.createInstance({ workflowName: "nope" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowDefinitionError);
    expect((error as Error).message).toBe('Workflow "nope": Workflow not found in registry');
  });

  it("stores the created definition version in the definition store", async () => {
    const { runtime, persistence } = createFixture({ definitions: [{ ...plain, version: 4 }] });
    const instance = await runtime.createInstance({ workflowName: "plain" });
    expect(instance.definitionVersion).toBe(4);
    expect((await persistence.definitionStore!.listVersions("plain")).map((r) => r.version)).toEqual([4]);
  });
});
