import { describe, expect, it } from "vitest";
import type { WorkflowDefinition } from "@duraflows/core";
import { createFixture } from "./support/runtime-fixture.js";

const counter: WorkflowDefinition = {
  name: "counter",
  initialState: "counting",
  states: { counting: { events: { Increment: { commands: [{ name: "increment" }] } } } },
};

describe("concurrency", () => {
  it("20 racing triggerEvent calls on one instance serialise: no lost context write, version and history match", async () => {
    const { runtime } = createFixture({
      definitions: [counter],
      commands: {
        increment: {
          async execute(_subject, ctx) {
            const seen = (ctx.context.count as number | undefined) ?? 0;
            // Yield so unserialised calls would interleave and lose updates.
            await new Promise((resolve) => setImmediate(resolve));
            ctx.context.count = seen + 1;
            return { ok: true };
          },
        },
      },
    });
    const instance = await runtime.createInstance({ workflowName: "counter" });
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        runtime.triggerEvent({ workflowInstanceUuid: instance.uuid, eventName: "Increment" }),
      ),
    );
    expect(results.every((r) => r.outcome === "success")).toBe(true);
    const final = (await runtime.getInstance(instance.uuid))!;
    expect(final.context.count).toBe(20);
    expect(final.version).toBe(20);
    expect(await runtime.getHistory(instance.uuid, { limit: 100 })).toHaveLength(20);
    expect(new Set(results.map((r) => r.historyUuid)).size).toBe(20);
  });

  it("racing calls on different instances do not block each other", async () => {
    const { runtime } = createFixture({
      definitions: [counter],
      commands: { increment: { execute: (_s, ctx) => ((ctx.context.count = 1), { ok: true }) } },
    });
    const instances = await Promise.all(
      Array.from({ length: 10 }, () => runtime.createInstance({ workflowName: "counter" })),
    );
    await Promise.all(
      instances.map((i) => runtime.triggerEvent({ workflowInstanceUuid: i.uuid, eventName: "Increment" })),
    );
    for (const i of instances) expect((await runtime.getInstance(i.uuid))?.version).toBe(1);
  });
});
