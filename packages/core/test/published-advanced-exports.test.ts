import { describe, expect, it } from "vitest";
import {
  DefinitionResolver,
  InMemoryDefinitionRegistry,
  TimeoutRetryPolicy,
  WorkflowCompiler,
  WorkflowDefinitionError,
  WorkflowValidator,
  deepFreeze,
  referencedNames,
  terminalStates,
  type WorkflowDefinition,
  type WorkflowInstance,
} from "@duraflows/core";
import { InMemoryDefinitionStore } from "@duraflows/core/testing";

const order: WorkflowDefinition = {
  name: "order",
  version: 2,
  initialState: "new",
  states: {
    new: {
      onEnter: { commands: [{ name: "stamp" }] },
      events: {
        Pay: { targetState: "paid", commands: [{ name: "charge" }], guard: { name: "hasCard" } },
        Cancel: { targetState: "cancelled" },
      },
    },
    paid: { onEnter: { targetState: "closed", commands: [{ name: "notify" }] } },
    cancelled: { events: {} },
    closed: {},
  },
};

const instance = (overrides: Partial<WorkflowInstance> = {}): WorkflowInstance => ({
  uuid: "00000000-0000-4000-8000-000000000001",
  workflowName: "order",
  currentState: "new",
  version: 0,
  definitionVersion: 2,
  expiresAt: null,
  timeoutRetry: null,
  lastTransitionAt: new Date(0),
  context: {},
  metadata: {},
  createdAt: new Date(0),
  updatedAt: new Date(0),
  ...overrides,
});

describe("published advanced exports of @duraflows/core", () => {
  it("deepFreeze(value) freezes recursively and returns the same value", () => {
    const value = { a: { b: [1, { c: 2 }] }, m: new Map([["k", 1]]) };
    const frozen = deepFreeze(value);
    expect(frozen).toBe(value);
    expect(Object.isFrozen(value.a.b[1])).toBe(true);
    expect(() => value.m.set("x", 2)).toThrow(TypeError);
  });

  it("terminalStates(definition) lists the states without events, onEnter or not, in order", () => {
    expect(terminalStates(order)).toEqual(["paid", "cancelled", "closed"]);
  });

  it("referencedNames(definition) collects command names of events and onEnter blocks, and guard names", () => {
    const names = referencedNames(order);
    expect([...names.commands].sort()).toEqual(["charge", "notify", "stamp"]);
    expect([...names.guards]).toEqual(["hasCard"]);
  });

  it("TimeoutRetryPolicy(options).next(previous, message, now) backs off and parks", () => {
    const policy = new TimeoutRetryPolicy({ initialDelayMs: 1000, maxDelayMs: 3000, maxAttempts: 3 });
    const now = new Date(10_000);
    const first = policy.next(null, "boom", now);
    expect(first).toEqual({ attempts: 1, lastError: "boom", retryAt: new Date(11_000), parkedAt: null });
    const second = policy.next(first, "boom", now);
    expect(second.retryAt).toEqual(new Date(12_000));
    expect(policy.next(second, "boom", now)).toEqual({
      attempts: 3,
      lastError: "boom",
      retryAt: null,
      parkedAt: now,
    });
    expect(new TimeoutRetryPolicy()).toMatchObject({
      initialDelayMs: 60_000,
      maxDelayMs: 3_600_000,
      maxAttempts: 10,
    });
  });

  it("DefinitionResolver resolves pinned instances to their stored version", async () => {
    const definitionRegistry = new InMemoryDefinitionRegistry();
    definitionRegistry.register(order);
    const definitionStore = new InMemoryDefinitionStore();
    const v1: WorkflowDefinition = {
      name: "order",
      version: 1,
      initialState: "draft",
      states: { draft: {} },
    };
    const resolver = new DefinitionResolver({
      definitionRegistry,
      definitionStore,
      compiler: new WorkflowCompiler(),
      validator: new WorkflowValidator(),
    });
    await resolver.ensureStored(v1);
    expect((await resolver.forInstance(instance())).definition.version).toBe(2);
    const pinned = await resolver.forInstance(instance({ definitionVersion: 1, currentState: "draft" }));
    expect(pinned.definition.initialState).toBe("draft");
    expect((await resolver.forVersion("order", 1)).definition.version).toBe(1);
    resolver.evict("order", 1);
    await expect(resolver.forInstance(instance({ definitionVersion: 7 }))).rejects.toThrow(
      WorkflowDefinitionError,
    );
  });
});
