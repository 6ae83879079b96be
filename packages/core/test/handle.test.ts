import { describe, expect, it } from "vitest";
import {
  DurableExecutionNotSupportedError,
  WorkflowHandle,
  type WorkflowRuntimeClient,
} from "@duraflows/core";
import { createFixture } from "./support/runtime-fixture.js";

function fakeClient(withEnqueue: boolean) {
  const calls: [string, unknown[]][] = [];
  const record =
    (name: string) =>
    async (...args: unknown[]) => {
      calls.push([name, args]);
      return name as never;
    };
  const client: WorkflowRuntimeClient = {
    getInstance: record("getInstance"),
    triggerEvent: record("triggerEvent"),
    getAvailableEvents: record("getAvailableEvents"),
    getHistory: record("getHistory"),
    ...(withEnqueue ? { enqueueEvent: record("enqueueEvent") } : {}),
  };
  return { client, calls };
}

describe("WorkflowHandle", () => {
  it("forwards every call to the client with its uuid, caching nothing", async () => {
    const { client, calls } = fakeClient(true);
    const handle = new WorkflowHandle("u-1", client);
    expect(handle.uuid).toBe("u-1");
    await handle.getInstance();
    await handle.getInstance();
    await handle.triggerEvent("Go", {
      subject: { s: 1 },
      triggerMetadata: { t: 1 },
      idempotencyKey: "k",
      idempotencyFingerprint: "f",
      ...({ extra: "dropped" } as object),
    });
    await handle.triggerEvent("Plain");
    await handle.enqueueEvent("Queue", { idempotencyKey: "q" });
    await handle.getAvailableEvents();
    await handle.getHistory({ limit: 5 });
    expect(calls).toEqual([
      ["getInstance", ["u-1"]],
      ["getInstance", ["u-1"]],
      [
        "triggerEvent",
        [
          {
            workflowInstanceUuid: "u-1",
            eventName: "Go",
            subject: { s: 1 },
            triggerMetadata: { t: 1 },
            idempotencyKey: "k",
            idempotencyFingerprint: "f",
          },
        ],
      ],
      ["triggerEvent", [{ workflowInstanceUuid: "u-1", eventName: "Plain" }]],
      ["enqueueEvent", [{ workflowInstanceUuid: "u-1", eventName: "Queue", idempotencyKey: "q" }]],
      ["getAvailableEvents", [{ workflowInstanceUuid: "u-1" }]],
      ["getHistory", ["u-1", { limit: 5 }]],
    ]);
    expect(Object.keys(calls[2][1][0] as object)).not.toContain("extra");
  });

  it("rejects enqueueEvent when the client cannot enqueue", async () => {
    const { client } = fakeClient(false);
    await expect(
      new WorkflowHandle("u", client).enqueueEvent("E", { idempotencyKey: "k" }),
    ).rejects.toBeInstanceOf(DurableExecutionNotSupportedError);
  });

  it("runtime.getHandle returns a live handle without I/O", async () => {
    const { runtime } = createFixture({
      definitions: [
        { name: "h", initialState: "a", states: { a: { events: { Go: { targetState: "b" } } }, b: {} } },
      ],
    });
    const handle = runtime.getHandle("not-created-yet");
    expect(handle).toBeInstanceOf(WorkflowHandle);
    expect(await handle.getInstance()).toBeNull();
    const created = await runtime.createInstance({ workflowName: "h" });
    const live = runtime.getHandle(created.uuid);
    await live.triggerEvent("Go");
    expect((await live.getInstance())?.currentState).toBe("b");
    expect((await live.getHistory()).map((r) => r.eventName)).toEqual(["Go"]);
    expect(await live.getAvailableEvents()).toEqual([]);
    await expect(live.enqueueEvent("Go", { idempotencyKey: "k" })).rejects.toBeInstanceOf(
      DurableExecutionNotSupportedError,
    );
  });
});
