import { describe, expect, it } from "vitest";
import {
  WorkflowError,
  type WorkflowCommand,
  type WorkflowCommandRegistry,
  type WorkflowDefinition,
  type WorkflowGuard,
  type WorkflowGuardRegistry,
} from "@duraflows/core";
import { createFixture } from "./support/runtime-fixture.js";

// A hand-written registry as an application might implement the published interfaces: a Map lookup that
// returns `undefined` for an unknown name instead of throwing.
function mapCommandRegistry(entries: Record<string, WorkflowCommand> = {}): WorkflowCommandRegistry {
  const map = new Map(Object.entries(entries));
  return { get: (name) => map.get(name) as WorkflowCommand, has: (name) => map.has(name) };
}

function mapGuardRegistry(entries: Record<string, WorkflowGuard> = {}): WorkflowGuardRegistry {
  const map = new Map(Object.entries(entries));
  return { get: (name) => map.get(name) as WorkflowGuard, has: (name) => map.has(name) };
}

const flow: WorkflowDefinition = {
  name: "lookup",
  initialState: "open",
  states: {
    open: {
      events: {
        Run: { targetState: "done", commands: [{ name: "missingCommand" }] },
        Guarded: { targetState: "done", guard: { name: "missingGuard" } },
      },
    },
    done: {},
  },
};

function setup(durable = false) {
  return createFixture({
    definitions: [flow],
    persistence: { durableExecution: durable },
    runtime: { commandRegistry: mapCommandRegistry(), guardRegistry: mapGuardRegistry() },
  });
}

describe("registry lookup misses", () => {
  it("an unknown command is WorkflowError('Command \"<name>\" not found in registry') for any registry", async () => {
    const { runtime } = setup();
    const instance = await runtime.createInstance({ workflowName: "lookup" });
    const run = runtime.triggerEvent({ workflowInstanceUuid: instance.uuid, eventName: "Run" });
    await expect(run).rejects.toThrow(WorkflowError);
    await expect(run).rejects.toThrow('Command "missingCommand" not found in registry');
  });

  it("an unknown guard is WorkflowError('Guard \"<name>\" not found in registry') for any registry", async () => {
    const { runtime } = setup();
    const instance = await runtime.createInstance({ workflowName: "lookup" });
    const run = runtime.triggerEvent({ workflowInstanceUuid: instance.uuid, eventName: "Guarded" });
    await expect(run).rejects.toThrow(WorkflowError);
    await expect(run).rejects.toThrow('Guard "missingGuard" not found in registry');
  });

  it("durable acceptance fails with the registry messages too", async () => {
    const { runtime } = setup(true);
    const instance = await runtime.createInstance({ workflowName: "lookup" });
    const accept = runtime.enqueueEvent({
      workflowInstanceUuid: instance.uuid,
      eventName: "Run",
      idempotencyKey: "k",
    });
    await expect(accept).rejects.toThrow('Command "missingCommand" not found in registry');
  });
});
