import { describe, expect, it } from "vitest";
import {
  InMemoryDefinitionRegistry,
  InvalidArgumentError,
  WorkflowCompiler,
  WorkflowDefinitionError,
  WorkflowValidator,
  type WorkflowDefinition,
} from "@duraflows/core";
import { createFixture, recordingCommand } from "./support/runtime-fixture.js";

// Recursive walkers used to overflow the stack on absurdly deep input and surface a bare RangeError.

const nested = (levels: number): Record<string, unknown> => {
  let deep: Record<string, unknown> = { leaf: true };
  for (let i = 0; i < levels; i++) deep = { d: deep };
  return deep;
};

const flow: WorkflowDefinition = {
  name: "flow",
  initialState: "open",
  states: {
    open: { events: { Write: { targetState: "done", commands: [{ name: "write" }] } } },
    done: {},
  },
};

describe("deeply nested input gives a typed error, never a RangeError", () => {
  it.each(["subject", "triggerMetadata"] as const)("enqueueEvent %s", async (field) => {
    const { runtime } = createFixture({
      definitions: [flow],
      commands: { write: recordingCommand() },
      persistence: { durableExecution: true },
    });
    const instance = await runtime.createInstance({ workflowName: "flow" });
    const error = await runtime
      .enqueueEvent({
        workflowInstanceUuid: instance.uuid,
        eventName: "Write",
        idempotencyKey: "k",
        [field]: nested(100_000),
      })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toBe(
      "Durable inputs must be JSON values nested at most 1000 levels deep",
    );
  });

  it("a definition with deeply nested metadata is refused at registration", () => {
    const registry = new InMemoryDefinitionRegistry({
      validator: new WorkflowValidator(),
      compiler: new WorkflowCompiler(),
    });
    const deep: WorkflowDefinition = {
      ...flow,
      states: {
        open: {
          events: {
            Write: { targetState: "done", commands: [{ name: "write", metadata: nested(100_000) }] },
          },
        },
        done: {},
      },
    };
    const error = (() => {
      try {
        registry.register(deep);
      } catch (thrown) {
        return thrown;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(WorkflowDefinitionError);
    expect((error as Error).message).toMatch(/is nested deeper than 1000 levels/);
    expect(registry.has("flow")).toBe(false);
  });
});
