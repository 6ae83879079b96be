import { describe, expect, it } from "vitest";
import type { WorkflowDefinition } from "../src/definition/types.js";
import { InvalidArgumentError } from "../src/errors/workflow-error.js";
import { InMemoryCommandRegistry } from "../src/registry/in-memory-command-registry.js";
import { InMemoryDefinitionRegistry } from "../src/registry/in-memory-definition-registry.js";
import { WorkflowRuntime } from "../src/runtime/workflow-runtime.js";
import { createInMemoryPersistence } from "../src/testing/create-in-memory-persistence.js";
import { startWorker } from "../src/worker/start-worker.js";

const pingPong: WorkflowDefinition = {
  name: "ping-pong",
  initialState: "a",
  states: {
    a: { events: { Ping: { targetState: "b" } } },
    b: { events: { Pong: { targetState: "a" }, Finish: { targetState: "done" } } },
    done: {},
  },
};

describe("startWorker retention", () => {
  it("prunes history and purges finished instances when due, once per everyMs", async () => {
    const definitionRegistry = new InMemoryDefinitionRegistry();
    definitionRegistry.register(pingPong);
    // A clock in the past, so every row and transition is older than the retention windows.
    const runtime = new WorkflowRuntime({
      ...createInMemoryPersistence(),
      definitionRegistry,
      commandRegistry: new InMemoryCommandRegistry(),
      clock: { now: () => new Date("2020-01-01T00:00:00Z") },
    });
    const live = await runtime.createInstance({ workflowName: "ping-pong" });
    for (const eventName of ["Ping", "Pong", "Ping"])
      await runtime.triggerEvent({ workflowInstanceUuid: live.uuid, eventName });
    const finished = await runtime.createInstance({ workflowName: "ping-pong" });
    for (const eventName of ["Ping", "Finish"])
      await runtime.triggerEvent({ workflowInstanceUuid: finished.uuid, eventName });

    const worker = startWorker(runtime, {
      immediate: false,
      intervalMs: 3_600_000,
      retention: { everyMs: 3_600_000, history: { keepLast: 1 }, instances: { terminalForMs: 1000 } },
    });
    try {
      const first = await worker.runOnce();
      expect(first.errors).toEqual([]);
      expect(first.retention?.instances).toMatchObject({ instances: 1 });
      expect(first.retention?.history?.rows).toBeGreaterThan(0);
      expect(await runtime.getHistory(live.uuid)).toHaveLength(1);
      expect(await runtime.getInstance(finished.uuid)).toBeNull();
      const second = await worker.runOnce();
      expect(second.retention).toBeUndefined();
    } finally {
      await worker.stop();
    }
  });

  it("rejects retention without a job", () => {
    const runtime = {
      processExpiredWorkflows: async () => ({}) as never,
      processPendingExecutions: async () => ({}) as never,
    };
    expect(() => startWorker(runtime, { retention: {} })).toThrow(InvalidArgumentError);
    expect(() => startWorker(runtime, { retention: { history: { keepLast: 1 } } })).toThrow(
      "retention.history needs runtime.pruneHistory",
    );
  });
});
