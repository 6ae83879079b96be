import { describe, expect, it } from "vitest";
import type { WorkflowDefinition } from "../src/definition/types.js";
import { WorkflowDefinitionError } from "../src/errors/definition.error.js";
import { WorkflowError } from "../src/errors/workflow-error.js";
import { InMemoryCommandRegistry } from "../src/registry/in-memory-command-registry.js";
import { InMemoryDefinitionRegistry } from "../src/registry/in-memory-definition-registry.js";
import { InMemoryGuardRegistry } from "../src/registry/in-memory-guard-registry.js";
import type { ValidationError } from "../src/validator/types.js";
import { WorkflowValidator } from "../src/validator/workflow-validator.js";
import { WorkflowCompiler } from "../src/compiler/workflow-compiler.js";

const order = (): WorkflowDefinition => ({
  name: "order",
  initialState: "new",
  states: {
    new: {
      context: { paid: false },
      events: { Pay: { targetState: "paid", commands: [{ name: "charge" }] } },
    },
    paid: {},
  },
});

function caught(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a throw");
}

describe("InMemoryDefinitionRegistry", () => {
  it("registers, gets, has and lists in insertion order", () => {
    const registry = new InMemoryDefinitionRegistry();
    registry.register(order());
    registry.register({ name: "b", initialState: "x", states: { x: {} } });
    expect(registry.has("order")).toBe(true);
    expect(registry.has("missing")).toBe(false);
    expect(registry.has("toString")).toBe(false);
    expect(registry.get("order")).toEqual(order());
    expect(registry.getAll().map((d) => d.name)).toEqual(["order", "b"]);
  });

  it("stores a deep-frozen clone: caller mutations have no effect", () => {
    const registry = new InMemoryDefinitionRegistry();
    const definition = order();
    registry.register(definition);
    definition.states.new.events!.Pay.targetState = "new";
    (definition.states.new.context as Record<string, unknown>).paid = true;
    const stored = registry.get("order");
    expect(stored).not.toBe(definition);
    expect(stored.states.new.events!.Pay.targetState).toBe("paid");
    expect(stored.states.new.context).toEqual({ paid: false });
    expect(Object.isFrozen(stored)).toBe(true);
    expect(Object.isFrozen(stored.states.new.events!.Pay.commands![0])).toBe(true);
    expect(() => {
      (stored.states.new.context as Record<string, unknown>).paid = true;
    }).toThrow(TypeError);
    expect(registry.get("order")).toBe(stored);
  });

  it("rejects a duplicate name", () => {
    const registry = new InMemoryDefinitionRegistry();
    registry.register(order());
    const error = caught(() => registry.register(order()));
    expect(error).toBeInstanceOf(WorkflowDefinitionError);
    expect(error.message).toBe('Workflow "order": A workflow with this name is already registered');
    expect((error as WorkflowDefinitionError).workflowName).toBe("order");
  });

  it.each([0, -1, 1.5, NaN, "2", null, Number.MAX_SAFE_INTEGER + 1])("rejects version %s", (version) => {
    const registry = new InMemoryDefinitionRegistry();
    const error = caught(() => registry.register({ ...order(), version } as unknown as WorkflowDefinition));
    expect(error).toBeInstanceOf(WorkflowDefinitionError);
    expect(error.message).toBe(
      `Workflow "order": version must be a positive integer, got ${String(version)}`,
    );
    expect(registry.has("order")).toBe(false);
  });

  it("accepts a positive version", () => {
    const registry = new InMemoryDefinitionRegistry();
    registry.register({ ...order(), version: 4 });
    expect(registry.get("order").version).toBe(4);
  });

  it("unknown get throws WorkflowDefinitionError", () => {
    const error = caught(() => new InMemoryDefinitionRegistry().get("nope"));
    expect(error).toBeInstanceOf(WorkflowDefinitionError);
    expect(error.message).toBe('Workflow "nope": Workflow not found in registry');
  });

  it("validates with the configured validator and options, joining messages", () => {
    const registry = new InMemoryDefinitionRegistry({
      validator: new WorkflowValidator(),
      validationOptions: { knownCommandNames: new Set() },
    });
    const definition = order();
    definition.initialState = "ghost";
    const error = caught(() => registry.register(definition));
    expect(error).toBeInstanceOf(WorkflowDefinitionError);
    expect(error.message).toBe(
      'Workflow "order": Invalid definition: Initial state "ghost" does not exist in states; Command "charge" is not registered',
    );
    expect(registry.has("order")).toBe(false);
  });

  it("passes each warning to onValidationWarning", () => {
    const warnings: [string, ValidationError][] = [];
    const registry = new InMemoryDefinitionRegistry({
      validator: new WorkflowValidator(),
      onValidationWarning: (name, warning) => warnings.push([name, warning]),
    });
    registry.register({ ...order(), states: { ...order().states, island: {} } });
    expect(warnings).toEqual([
      ["order", { path: "states.island", message: 'State "island" is unreachable from initial state "new"' }],
    ]);
    expect(() =>
      new InMemoryDefinitionRegistry({ validator: new WorkflowValidator() }).register({
        ...order(),
        states: { ...order().states, island: {} },
      }),
    ).not.toThrow();
  });

  it("without a validator performs no structural validation", () => {
    const registry = new InMemoryDefinitionRegistry();
    expect(() => registry.register({ name: "bad", initialState: "x", states: {} })).not.toThrow();
  });

  it("validates and compiles the frozen copy, surfacing compile errors as WorkflowDefinitionError", () => {
    const seen: WorkflowDefinition[] = [];
    const registry = new InMemoryDefinitionRegistry({
      compiler: {
        compile: (definition) => {
          seen.push(definition);
          if (definition.name === "boom") throw new Error("kaput");
          return {};
        },
      },
    });
    registry.register(order());
    expect(seen[0]).toBe(registry.get("order"));
    const error = caught(() => registry.register({ name: "boom", initialState: "a", states: { a: {} } }));
    expect(error).toBeInstanceOf(WorkflowDefinitionError);
    expect(error.message).toBe('Workflow "boom": kaput');
    expect(registry.has("boom")).toBe(false);
  });

  it("compiles eagerly with the real compiler", () => {
    const registry = new InMemoryDefinitionRegistry({ compiler: new WorkflowCompiler() });
    const error = caught(() =>
      registry.register({
        name: "broken",
        initialState: "a",
        states: { a: { events: { go: { targetState: "x" } } } },
      }),
    );
    expect(error).toBeInstanceOf(WorkflowDefinitionError);
    expect(error.message.startsWith('Workflow "broken": ')).toBe(true);
  });
});

describe.each([
  ["InMemoryCommandRegistry", "Command", () => new InMemoryCommandRegistry()],
  ["InMemoryGuardRegistry", "Guard", () => new InMemoryGuardRegistry()],
] as const)("%s", (_label, kind, create) => {
  const handler = { name: "x", execute: () => ({ ok: true }), evaluate: () => true };

  it("registers, gets and lists names", () => {
    const registry = create();
    registry.register("a", handler);
    registry.register("b", handler);
    expect(registry.get("a")).toBe(handler);
    expect(registry.has("a")).toBe(true);
    expect(registry.has("c")).toBe(false);
    expect(registry.has("toString")).toBe(false);
    const names = registry.getRegisteredNames();
    expect([...names]).toEqual(["a", "b"]);
    names.add("mutated");
    expect(registry.has("mutated")).toBe(false);
  });

  it("rejects a duplicate name", () => {
    const registry = create();
    registry.register("a", handler);
    const error = caught(() => registry.register("a", handler));
    expect(error).toBeInstanceOf(WorkflowError);
    expect(error.message).toBe(`${kind} "a" is already registered`);
  });

  it("unknown get throws WorkflowError", () => {
    const error = caught(() => create().get("constructor"));
    expect(error).toBeInstanceOf(WorkflowError);
    expect(error.message).toBe(`${kind} "constructor" not found in registry`);
  });
});
