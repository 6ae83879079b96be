import { describe, expect, it } from "vitest";
import { InvalidArgumentError, type WorkflowDefinition } from "@duraflows/core";
import { assertStorableJson } from "../src/util/storable-json.js";
import { createFixture, recordingCommand } from "./support/runtime-fixture.js";

// Map, Set, typed arrays and buffers serialise to `{}` or to an object of indexes: the value would be silently
// changed on the way to the store, so they are refused like every other value JSON cannot keep.

const flow: WorkflowDefinition = {
  name: "flow",
  initialState: "open",
  states: {
    open: { events: { Write: { targetState: "done", commands: [{ name: "write" }] } } },
    done: {},
  },
};

const collections: [string, () => unknown, string][] = [
  ["Map", () => new Map([["a", 1]]), "is a Map, which JSON would store as {}"],
  ["Set", () => new Set([1]), "is a Set, which JSON would store as {}"],
  ["WeakMap", () => new WeakMap(), "is a WeakMap, which JSON would store as {}"],
  [
    "Uint8Array",
    () => new Uint8Array([1, 2]),
    "is a Uint8Array, which JSON would store as an object of indexes",
  ],
  [
    "Float64Array",
    () => new Float64Array(1),
    "is a Float64Array, which JSON would store as an object of indexes",
  ],
  ["ArrayBuffer", () => new ArrayBuffer(4), "is an ArrayBuffer, which JSON would store as {}"],
  ["DataView", () => new DataView(new ArrayBuffer(4)), "is a DataView, which JSON would store as {}"],
];

describe("assertStorableJson refuses collections and binary data", () => {
  it.each(collections)("%s, naming the path", (_label, make, reason) => {
    expect(() => assertStorableJson({ a: [make()] }, "context")).toThrow(
      new InvalidArgumentError(`context.a[0] must be storable JSON: ${reason}`),
    );
  });

  it("still accepts a value whose toJSON gives plain JSON (Buffer, Date)", () => {
    expect(() => assertStorableJson({ b: Buffer.from("x"), d: new Date(0) }, "context")).not.toThrow();
  });
});

describe("the runtime refuses collections before writing", () => {
  it("createInstance: context and metadata", async () => {
    const { runtime, persistence } = createFixture({ definitions: [flow] });
    await expect(
      runtime.createInstance({ workflowName: "flow", context: { tags: new Set(["a"]) } }),
    ).rejects.toThrow(
      new InvalidArgumentError("context.tags must be storable JSON: is a Set, which JSON would store as {}"),
    );
    await expect(
      runtime.createInstance({ workflowName: "flow", metadata: { index: new Map() } }),
    ).rejects.toThrow("metadata.index must be storable JSON: is a Map");
    expect(
      await persistence.instanceStore.countInstances({
        workflowName: "flow",
        definitionVersion: 1,
        excludeStates: [],
      }),
    ).toBe(0);
  });

  it("a command writing a typed array into the context or a Map into its result, synchronously and durably", async () => {
    let written: unknown = new Uint8Array([7]);
    let result: Record<string, unknown> = { ok: true };
    const write = recordingCommand((ctx) => {
      ctx.context.value = written;
      return result as { ok: boolean };
    });
    const { runtime } = createFixture({
      definitions: [flow],
      commands: { write },
      persistence: { durableExecution: true },
    });
    const instance = await runtime.createInstance({ workflowName: "flow" });
    await expect(
      runtime.triggerEvent({ workflowInstanceUuid: instance.uuid, eventName: "Write" }),
    ).rejects.toThrow("context.value must be storable JSON: is a Uint8Array");
    written = "fine";
    result = { ok: true, data: new Map([["k", 1]]) };
    await expect(
      runtime.triggerEvent({ workflowInstanceUuid: instance.uuid, eventName: "Write" }),
    ).rejects.toThrow("commandResults[0].data must be storable JSON: is a Map");
    expect(await runtime.getHistory(instance.uuid)).toEqual([]);

    written = new Set([1]);
    result = { ok: true };
    const execution = await runtime.enqueueEvent({
      workflowInstanceUuid: instance.uuid,
      eventName: "Write",
      idempotencyKey: "k",
    });
    await runtime.processPendingExecutions();
    const stored = (await runtime.getExecution(execution.uuid))!;
    expect(stored.journal).toEqual([]);
    expect(stored.lastError).toBe(
      "context.value must be storable JSON: is a Set, which JSON would store as {}",
    );
    expect((await runtime.getInstance(instance.uuid))!.context).toEqual({});
  });
});
