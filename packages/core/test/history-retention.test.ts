import { describe, expect, it } from "vitest";
import type { WorkflowDefinition } from "../src/definition/types.js";
import { InvalidArgumentError } from "../src/errors/workflow-error.js";
import { InMemoryCommandRegistry } from "../src/registry/in-memory-command-registry.js";
import { InMemoryDefinitionRegistry } from "../src/registry/in-memory-definition-registry.js";
import { WorkflowRuntime } from "../src/runtime/workflow-runtime.js";
import { createInMemoryPersistence } from "../src/testing/create-in-memory-persistence.js";

const pingPong: WorkflowDefinition = {
  name: "ping-pong",
  initialState: "a",
  states: {
    a: { events: { Ping: { targetState: "b" } } },
    b: { events: { Pong: { targetState: "a" }, Finish: { targetState: "done" } } },
    done: {},
  },
};
const FUTURE = new Date("2100-01-01T00:00:00Z");

async function seed() {
  const definitionRegistry = new InMemoryDefinitionRegistry();
  definitionRegistry.register(pingPong);
  const runtime = new WorkflowRuntime({
    ...createInMemoryPersistence(),
    definitionRegistry,
    commandRegistry: new InMemoryCommandRegistry(),
    clock: { now: () => new Date() },
  });
  const live = await runtime.createInstance({ workflowName: "ping-pong" });
  for (const eventName of ["Ping", "Pong", "Ping", "Pong"])
    await runtime.triggerEvent({ workflowInstanceUuid: live.uuid, eventName });
  const finished = await runtime.createInstance({ workflowName: "ping-pong" });
  for (const eventName of ["Ping", "Finish"])
    await runtime.triggerEvent({ workflowInstanceUuid: finished.uuid, eventName });
  return { runtime, live, finished };
}

describe("pruneHistory and purgeInstances in memory", () => {
  it("keeps each instance's newest rows and deletes the rest in bounded batches after a dry run", async () => {
    const { runtime, live, finished } = await seed();
    const total =
      (await runtime.getHistory(live.uuid)).length + (await runtime.getHistory(finished.uuid)).length;
    const dry = await runtime.pruneHistory({ keepLast: 2, dryRun: true });
    expect(dry).toEqual({ rows: total - 4, batches: 0, dryRun: true });
    const newest = (await runtime.getHistory(live.uuid, { limit: 2 })).map((row) => row.eventName);
    expect(await runtime.pruneHistory({ keepLast: 2, batchSize: 1 })).toEqual({
      rows: total - 4,
      batches: total - 4,
      dryRun: false,
    });
    expect((await runtime.getHistory(live.uuid)).map((row) => row.eventName)).toEqual(newest);
    await runtime.pruneHistory({ olderThan: FUTURE });
    expect(await runtime.getHistory(live.uuid)).toHaveLength(1);
  });

  it("purges terminal instances with their history and leaves live ones", async () => {
    const { runtime, live, finished } = await seed();
    expect(await runtime.purgeInstances({ terminalBefore: FUTURE, dryRun: true })).toMatchObject({
      instances: 1,
    });
    expect(await runtime.purgeInstances({ terminalBefore: FUTURE })).toEqual({
      instances: 1,
      batches: 1,
      dryRun: false,
    });
    expect(await runtime.getInstance(finished.uuid)).toBeNull();
    expect(await runtime.getHistory(finished.uuid)).toEqual([]);
    expect((await runtime.getInstance(live.uuid))?.currentState).toBe("a");
  });

  it("rejects an input without a rule", async () => {
    const { runtime } = await seed();
    await expect(runtime.pruneHistory({})).rejects.toThrow(InvalidArgumentError);
    await expect(runtime.purgeInstances({ terminalBefore: FUTURE, batchSize: 0 })).rejects.toThrow(
      "batchSize must be a positive integer",
    );
  });
});
