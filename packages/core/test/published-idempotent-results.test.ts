import { describe, expect, it } from "vitest";
import type { CommandResult, WorkflowDefinition } from "@duraflows/core";
import { createFixture, recordingCommand } from "./support/runtime-fixture.js";

const payment: WorkflowDefinition = {
  name: "payment",
  initialState: "pending",
  states: {
    pending: { events: { Capture: { targetState: "captured", commands: [{ name: "capture" }] } } },
    captured: {},
  },
};

const chained: WorkflowDefinition = {
  name: "chained",
  initialState: "pending",
  states: {
    pending: { events: { Capture: { targetState: "captured", commands: [{ name: "capture" }] } } },
    captured: { onEnter: { targetState: "done", commands: [{ name: "settle" }] } },
    done: {},
  },
};

/** A command result whose metadata value and the result itself count their `toJSON` calls. */
function countingResult() {
  const counts = { result: 0, metadata: 0 };
  const result: CommandResult & { toJSON(): unknown } = {
    ok: true,
    code: "CAPTURED",
    metadata: {
      receipt: {
        toJSON() {
          counts.metadata += 1;
          return { id: "r-1" };
        },
      },
    },
    toJSON() {
      counts.result += 1;
      return { ok: this.ok, code: this.code, metadata: this.metadata };
    },
  };
  return { result, counts };
}

async function setup(result: CommandResult) {
  const fixture = createFixture({
    definitions: [payment],
    commands: { capture: recordingCommand(result) },
    persistence: { idempotency: true },
  });
  const instance = await fixture.runtime.createInstance({ workflowName: "payment" });
  const input = { workflowInstanceUuid: instance.uuid, eventName: "Capture", idempotencyKey: "order-1" };
  return { ...fixture, input };
}

describe("published idempotent results are normalised once", () => {
  it("calls a result's toJSON exactly once for the keyed call that executes", async () => {
    const { result, counts } = countingResult();
    const { runtime, input } = await setup(result);
    const first = await runtime.triggerEvent(input);
    expect(counts).toEqual({ result: 1, metadata: 1 });
    expect(first.commandResults[0]).toEqual({
      ok: true,
      code: "CAPTURED",
      metadata: { receipt: { id: "r-1" } },
    });
  });

  it("calls toJSON once for onEnter hop results too, and records the normalised values in history", async () => {
    const event = countingResult();
    const hop = countingResult();
    const fixture = createFixture({
      definitions: [chained],
      commands: { capture: recordingCommand(event.result), settle: recordingCommand(hop.result) },
      persistence: { idempotency: true },
    });
    const instance = await fixture.runtime.createInstance({ workflowName: "chained" });
    const result = await fixture.runtime.triggerEvent({
      workflowInstanceUuid: instance.uuid,
      eventName: "Capture",
      idempotencyKey: "k",
    });
    expect(event.counts).toEqual({ result: 1, metadata: 1 });
    expect(hop.counts).toEqual({ result: 1, metadata: 1 });
    expect(result.toState).toBe("done");
    expect(result.commandResults).toHaveLength(2);
    const history = await fixture.runtime.getHistory(instance.uuid);
    for (const row of history) {
      expect(row.commandResultsJson).toEqual([
        { ok: true, code: "CAPTURED", metadata: { receipt: { id: "r-1" } } },
      ]);
    }
  });

  it("calls no toJSON on a replay", async () => {
    const { result, counts } = countingResult();
    const { runtime, input } = await setup(result);
    await runtime.triggerEvent(input);
    const replay = await runtime.triggerEvent(input);
    expect(counts).toEqual({ result: 1, metadata: 1 });
    expect(replay.commandResults[0]).toEqual({
      ok: true,
      code: "CAPTURED",
      metadata: { receipt: { id: "r-1" } },
    });
  });

  it("keeps the receipt unchanged when the caller mutates the returned result", async () => {
    const { runtime, input } = await setup({ ok: true, code: "CAPTURED", metadata: { amount: 10 } });
    const first = await runtime.triggerEvent(input);
    first.outcome = "failure";
    first.toState = "tampered";
    first.commandResults[0].metadata!.amount = 999;
    first.commandResults.push({ ok: false });
    const replay = await runtime.triggerEvent(input);
    expect(replay).toMatchObject({ outcome: "success", toState: "captured" });
    expect(replay.commandResults).toEqual([{ ok: true, code: "CAPTURED", metadata: { amount: 10 } }]);
  });

  it("hands every replay its own copy", async () => {
    const { runtime, input } = await setup({ ok: true, metadata: { amount: 10 } });
    await runtime.triggerEvent(input);
    const replay = await runtime.triggerEvent(input);
    replay.commandResults[0].metadata!.amount = 1;
    expect((await runtime.triggerEvent(input)).commandResults[0].metadata).toEqual({ amount: 10 });
  });
});
