import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../src/errors/workflow-error.js";
import { createDurableHarness } from "./support/durable-harness.js";
import { ORDER_COMMANDS, orderWorkflow } from "./support/durable-workflows.js";

type Write = (context: Record<string, unknown>) => void;

async function pokeWith(write: Write, result: Record<string, unknown> = { ok: true }) {
  const h = createDurableHarness({ definitions: [orderWorkflow] });
  for (const name of ORDER_COMMANDS) h.command(name);
  h.behave("touch", (_s, ctx) => {
    write(ctx.context);
    return result as { ok: boolean };
  });
  const { uuid } = await h.runtime.createInstance({ workflowName: "order" });
  const before = await h.runtime.getInstance(uuid);
  return { h, uuid, before };
}

describe("durable path refuses values the synchronous path refuses", () => {
  it.each([
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["-Infinity", Number.NEGATIVE_INFINITY],
  ])("a command writing %s into the context is not stored as null", async (label, value) => {
    const write: Write = (context) => {
      context.ratio = { value };
    };
    const sync = await pokeWith(write);
    await expect(
      sync.h.runtime.triggerEvent({ workflowInstanceUuid: sync.uuid, eventName: "Poke" }),
    ).rejects.toThrow(
      new InvalidArgumentError(
        `context.ratio.value must be storable JSON: is ${label}, which JSON would turn into null`,
      ),
    );

    const { h, uuid, before } = await pokeWith(write);
    const execution = await h.runtime.enqueueEvent({
      workflowInstanceUuid: uuid,
      eventName: "Poke",
      idempotencyKey: "k",
    });
    const pass = await h.runtime.processPendingExecutions();
    expect(pass.retrying).toEqual([execution.uuid]);
    const stored = (await h.runtime.getExecution(execution.uuid))!;
    expect(stored.journal).toEqual([]);
    expect(stored.lastError).toBe(
      `context.ratio.value must be storable JSON: is ${label}, which JSON would turn into null`,
    );
    expect(await h.runtime.getInstance(uuid)).toEqual(before);
  });

  it("a command result holding NaN is refused on the durable path too", async () => {
    const { h, uuid } = await pokeWith(() => undefined, { ok: true, data: { score: Number.NaN } });
    const execution = await h.runtime.enqueueEvent({
      workflowInstanceUuid: uuid,
      eventName: "Poke",
      idempotencyKey: "k",
    });
    await h.runtime.processPendingExecutions();
    const stored = (await h.runtime.getExecution(execution.uuid))!;
    expect(stored.journal).toEqual([]);
    expect(stored.lastError).toBe(
      "commandResult.data.score must be storable JSON: is NaN, which JSON would turn into null",
    );
  });

  it("a failed command's message with NUL is refused before the checkpoint, as on the synchronous path", async () => {
    const { h, uuid } = await pokeWith(() => undefined, { ok: false, message: "card\u0000declined" });
    const execution = await h.runtime.enqueueEvent({
      workflowInstanceUuid: uuid,
      eventName: "Poke",
      idempotencyKey: "k",
    });
    await h.runtime.processPendingExecutions();
    const stored = (await h.runtime.getExecution(execution.uuid))!;
    expect(stored.journal).toEqual([]);
    expect(stored.lastError).toBe(
      "commandResult.message must be storable JSON: contains a NUL character (U+0000), which PostgreSQL cannot store",
    );
  });
});
