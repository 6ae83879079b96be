import { describe, expect, it } from "vitest";
import type { WorkflowDefinition } from "../src/definition/types.js";
import { InMemoryCommandRegistry } from "../src/registry/in-memory-command-registry.js";
import { InMemoryDefinitionRegistry } from "../src/registry/in-memory-definition-registry.js";
import { WorkflowRuntime } from "../src/runtime/workflow-runtime.js";
import { createInMemoryPersistence } from "../src/testing/create-in-memory-persistence.js";

// One event followed by nine onEnter hops: ten history rows written in one transaction.
const HOPS = 10;
const states: WorkflowDefinition["states"] = { s0: { events: { Go: { targetState: "s1" } } } };
for (let i = 1; i < HOPS; i++) states[`s${i}`] = { onEnter: { targetState: `s${i + 1}` } };
states[`s${HOPS}`] = {};
const chain: WorkflowDefinition = { name: "chain", initialState: "s0", states };

describe("getHistory order (in memory)", () => {
  it("returns the rows of one transaction in exact reverse write order", async () => {
    const definitionRegistry = new InMemoryDefinitionRegistry();
    definitionRegistry.register(chain);
    const runtime = new WorkflowRuntime({
      ...createInMemoryPersistence(),
      definitionRegistry,
      commandRegistry: new InMemoryCommandRegistry(),
      clock: { now: () => new Date("2026-01-01T00:00:00Z") },
    });
    const instance = await runtime.createInstance({ workflowName: "chain" });
    await runtime.triggerEvent({ workflowInstanceUuid: instance.uuid, eventName: "Go" });
    const rows = await runtime.getHistory(instance.uuid, { limit: 100 });
    const written = rows.slice(0, HOPS).reverse();
    expect(written.map((row) => row.toState)).toEqual(Array.from({ length: HOPS }, (_, i) => `s${i + 1}`));
    expect(written[0]!.eventName).toBe("Go");
  });
});
