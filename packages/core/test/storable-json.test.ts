import { describe, expect, it } from "vitest";
import {
  InMemoryDefinitionRegistry,
  InvalidArgumentError,
  WorkflowDefinitionError,
  type WorkflowDefinition,
} from "@duraflows/core";
import { assertStorableJson, MAX_JSON_DEPTH } from "../src/util/storable-json.js";
import { createFixture, recordingCommand } from "./support/runtime-fixture.js";

// Regression: values a JSON store cannot keep used to reach PostgreSQL and come back as a raw
// driver error ("unsupported Unicode escape sequence"), or were silently changed (NaN → null). They are now
// refused up front with an InvalidArgumentError naming the path, identically on every store.

const flow: WorkflowDefinition = {
  name: "flow",
  initialState: "open",
  states: {
    open: { events: { Write: { targetState: "done", commands: [{ name: "write" }] } } },
    done: {},
  },
};

const rejects = (value: unknown): string => {
  try {
    assertStorableJson(value, "context");
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidArgumentError);
    return (error as Error).message;
  }
  throw new Error("expected a rejection");
};

describe("assertStorableJson", () => {
  it("names the path and the reason", () => {
    expect(rejects({ a: { b: ["x", "nul\u0000"] } })).toBe(
      "context.a.b[1] must be storable JSON: contains a NUL character (U+0000), which PostgreSQL cannot store",
    );
    expect(rejects({ s: "\ud800" })).toBe(
      "context.s must be storable JSON: contains an unpaired UTF-16 surrogate (not valid Unicode)",
    );
    expect(rejects({ n: Number.NaN })).toBe(
      "context.n must be storable JSON: is NaN, which JSON would turn into null",
    );
    expect(rejects({ n: -Infinity })).toMatch(/context\.n .*-Infinity/);
    expect(rejects({ n: 1n })).toBe(
      "context.n must be storable JSON: is a bigint, which JSON cannot represent",
    );
    expect(rejects({ ["k\u0000"]: 1 })).toBe(
      'context["k\\u0000"] must be storable JSON: its key contains a NUL character (U+0000), which PostgreSQL cannot store',
    );
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(rejects(cyclic)).toBe("context.self must be storable JSON: is a circular reference");
  });

  it("words the same error whether the bad value sits shallow or past the allocation-free check's depth", () => {
    let deep: unknown = { bad: "nul\u0000" };
    for (let i = 0; i < 40; i++) deep = { d: deep };
    expect(rejects(deep)).toBe(
      `context${".d".repeat(40)}.bad must be storable JSON: contains a NUL character (U+0000), which PostgreSQL cannot store`,
    );
    const viaToJson = { nested: { toJSON: () => ({ n: Number.NaN }) } };
    expect(rejects(viaToJson)).toBe(
      "context.nested.n must be storable JSON: is NaN, which JSON would turn into null",
    );
    const withCallback = { f: () => 1, arr: [new Map()] };
    expect(rejects(withCallback)).toBe(
      "context.arr[0] must be storable JSON: is a Map, which JSON would store as {}",
    );
  });

  it("refuses nesting PostgreSQL cannot parse, without overflowing the stack itself", () => {
    let deep: unknown = "leaf";
    for (let i = 0; i < 100_000; i++) deep = { d: deep };
    expect(rejects(deep)).toMatch(
      /^context[.d]+…[.d]+ must be storable JSON: is nested deeper than 1000 levels$/,
    );
  });

  it("accepts everything JSON keeps faithfully, shared references, Dates and nesting up to the limit", () => {
    const shared = { x: 1 };
    let deep: unknown = "leaf";
    for (let i = 0; i < MAX_JSON_DEPTH; i++) deep = { d: deep };
    for (const ok of [
      { q: `'"; DROP TABLE x; --`, ["__proto__"]: { a: 1 }, e: "😀", u: undefined, d: new Date(0) },
      [shared, shared],
      deep,
    ]) {
      expect(() => assertStorableJson(ok, "context")).not.toThrow();
    }
  });

  it("can leave bigint and cycles to the caller's serializer", () => {
    const cyclic: Record<string, unknown> = { n: 1n };
    cyclic.self = cyclic;
    expect(() => assertStorableJson(cyclic, "x", { serializable: false })).not.toThrow();
    expect(() => assertStorableJson({ s: "\u0000" }, "x", { serializable: false })).toThrow(
      InvalidArgumentError,
    );
  });
});

describe("the runtime refuses unstorable JSON before writing", () => {
  it("createInstance: context, metadata and triggerMetadata", async () => {
    const { runtime, persistence } = createFixture({ definitions: [flow] });
    for (const input of [
      { context: { note: "a\u0000b" } },
      { metadata: { score: Number.NaN } },
      { triggerMetadata: { who: "\udc00" } },
    ]) {
      await expect(runtime.createInstance({ workflowName: "flow", ...input })).rejects.toThrow(
        InvalidArgumentError,
      );
    }
    expect(
      await persistence.instanceStore.countInstances({
        workflowName: "flow",
        definitionVersion: 1,
        excludeStates: [],
      }),
    ).toBe(0);
  });

  it("triggerEvent: trigger metadata, context written by a command, command results — rolled back", async () => {
    let written: unknown = "fine";
    let result: Record<string, unknown> = { ok: true };
    const write = recordingCommand((ctx) => {
      ctx.context.value = written;
      return result as { ok: boolean };
    });
    const { runtime } = createFixture({ definitions: [flow], commands: { write } });
    const instance = await runtime.createInstance({ workflowName: "flow" });
    const trigger = (triggerMetadata?: Record<string, unknown>) =>
      runtime.triggerEvent({ workflowInstanceUuid: instance.uuid, eventName: "Write", triggerMetadata });

    await expect(trigger({ note: "\u0000" })).rejects.toThrow("triggerMetadata.note must be storable JSON");
    written = Infinity;
    await expect(trigger()).rejects.toThrow("context.value must be storable JSON: is Infinity");
    written = "fine";
    result = { ok: true, message: "bad\u0000" };
    await expect(trigger()).rejects.toThrow("commandResults[0].message must be storable JSON");

    expect(await runtime.getInstance(instance.uuid)).toMatchObject({
      currentState: "open",
      version: 0,
      context: {},
    });
    expect(await runtime.getHistory(instance.uuid)).toEqual([]);
    result = { ok: true };
    await expect(trigger()).resolves.toMatchObject({ toState: "done" });
  });

  it("enqueueEvent: subject and trigger metadata", async () => {
    const { runtime } = createFixture({
      definitions: [flow],
      commands: { write: recordingCommand() },
      persistence: { durableExecution: true },
    });
    const instance = await runtime.createInstance({ workflowName: "flow" });
    await expect(
      runtime.enqueueEvent({
        workflowInstanceUuid: instance.uuid,
        eventName: "Write",
        idempotencyKey: "k",
        subject: { s: "\u0000" },
      }),
    ).rejects.toThrow("subject.s must be storable JSON");
    await expect(runtime.getExecution("00000000-0000-4000-8000-000000000000")).resolves.toBeNull();
  });

  it("registration refuses names a store would corrupt, after the validator's own messages", () => {
    const registry = new InMemoryDefinitionRegistry();
    const bad: WorkflowDefinition = { name: "bad", initialState: "a\ud800", states: { ["a\ud800"]: {} } };
    expect(() => registry.register(bad)).toThrow(WorkflowDefinitionError);
    expect(() => registry.register(bad)).toThrow(
      /Invalid definition: definition\.initialState must be storable JSON/,
    );
    expect(registry.has("bad")).toBe(false);
  });
});

describe("state context patches with a __proto__ key", () => {
  // Regression: Object.assign turned the patch's own "__proto__" key into a prototype change of the
  // working context, so the key vanished from the stored context.
  const patched: WorkflowDefinition = {
    name: "patched",
    initialState: "open",
    states: {
      open: { events: { Go: { targetState: "next", commands: [{ name: "peek" }] } } },
      next: {
        context: JSON.parse('{"__proto__": {"inherited": true}, "plain": 1}') as Record<string, unknown>,
      },
    },
  };

  it("are merged as ordinary keys, synchronously and durably", async () => {
    const { runtime } = createFixture({
      definitions: [patched],
      commands: { peek: recordingCommand() },
      persistence: { durableExecution: true },
    });
    const sync = await runtime.createInstance({ workflowName: "patched" });
    await runtime.triggerEvent({ workflowInstanceUuid: sync.uuid, eventName: "Go" });
    const durable = await runtime.createInstance({ workflowName: "patched" });
    await runtime.enqueueEvent({ workflowInstanceUuid: durable.uuid, eventName: "Go", idempotencyKey: "k" });
    await runtime.processPendingExecutions();
    for (const uuid of [sync.uuid, durable.uuid]) {
      const context = (await runtime.getInstance(uuid))!.context;
      expect(Object.keys(context).sort()).toEqual(["__proto__", "plain"]);
      expect(Object.getPrototypeOf(context)).toBe(Object.prototype);
      expect(({} as Record<string, unknown>).inherited).toBeUndefined();
    }
  });
});
