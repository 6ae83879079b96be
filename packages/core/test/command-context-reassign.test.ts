import { describe, expect, it } from "vitest";
import type { WorkflowDefinition, WorkflowExecutionContext } from "@duraflows/core";
import { createFixture, recordingCommand } from "./support/runtime-fixture.js";

// Reassigning ctx.context used to be accepted and then silently dropped (only in-place writes were stored).
// It is now a compile-time error (readonly) and a clear runtime error, on the synchronous and durable paths.

const flow: WorkflowDefinition = {
  name: "flow",
  initialState: "open",
  states: {
    open: { events: { Write: { targetState: "done", commands: [{ name: "write" }, { name: "read" }] } } },
    done: {},
  },
};

const MESSAGE = "ctx.context cannot be reassigned; change it in place (ctx.context.key = value)";

function setup() {
  let reassign = true;
  const seen: unknown[] = [];
  const write = recordingCommand((ctx) => {
    ctx.context.inPlace = 1;
    if (reassign) (ctx as { context: Record<string, unknown> }).context = { replaced: true };
    return { ok: true };
  });
  const read = recordingCommand((ctx) => {
    const copy = { ...ctx };
    seen.push({ ...copy.context });
    return { ok: true };
  });
  const fixture = createFixture({
    definitions: [flow],
    commands: { write, read },
    persistence: { durableExecution: true },
  });
  return { ...fixture, seen, allow: () => void (reassign = false) };
}

describe("reassigning ctx.context in a command", () => {
  it("is a type error", () => {
    const assign = (ctx: WorkflowExecutionContext) => {
      // @ts-expect-error context is readonly: mutate it in place
      ctx.context = {};
    };
    expect(typeof assign).toBe("function");
  });

  it("throws a clear TypeError on the synchronous path and writes nothing", async () => {
    const { runtime, seen, allow } = setup();
    const instance = await runtime.createInstance({ workflowName: "flow" });
    const error = await runtime
      .triggerEvent({ workflowInstanceUuid: instance.uuid, eventName: "Write" })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe(MESSAGE);
    expect(await runtime.getHistory(instance.uuid)).toEqual([]);
    expect(seen).toEqual([]);

    allow();
    await runtime.triggerEvent({ workflowInstanceUuid: instance.uuid, eventName: "Write" });
    expect(seen).toEqual([{ inPlace: 1 }]);
    expect((await runtime.getInstance(instance.uuid))!.context).toEqual({ inPlace: 1 });
  });

  it("fails the queued command with the same message instead of dropping the assignment", async () => {
    const { runtime } = setup();
    const instance = await runtime.createInstance({ workflowName: "flow" });
    const execution = await runtime.enqueueEvent({
      workflowInstanceUuid: instance.uuid,
      eventName: "Write",
      idempotencyKey: "k",
    });
    const pass = await runtime.processPendingExecutions();
    expect(pass.retrying).toEqual([execution.uuid]);
    const stored = (await runtime.getExecution(execution.uuid))!;
    expect(stored.journal).toEqual([]);
    expect(stored.lastError).toContain(MESSAGE);
  });

  it("keeps reading, in-place writes and spreading the context working", async () => {
    const { runtime, allow, seen } = setup();
    allow();
    const instance = await runtime.createInstance({ workflowName: "flow", context: { a: 1 } });
    await runtime.triggerEvent({ workflowInstanceUuid: instance.uuid, eventName: "Write" });
    expect(seen).toEqual([{ a: 1, inPlace: 1 }]);
    expect((await runtime.getInstance(instance.uuid))!.context).toEqual({ a: 1, inPlace: 1 });
  });
});
