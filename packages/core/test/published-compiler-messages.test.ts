import { describe, expect, it } from "vitest";
import {
  InMemoryDefinitionRegistry,
  WorkflowCompiler,
  WorkflowDefinitionError,
  type WorkflowDefinition,
} from "../src/index.js";

const compileError = (definition: WorkflowDefinition): WorkflowDefinitionError => {
  try {
    new WorkflowCompiler().compile(definition);
  } catch (error) {
    expect(error).toBeInstanceOf(WorkflowDefinitionError);
    return error as WorkflowDefinitionError;
  }
  throw new Error("compile did not throw");
};

const define = (states: WorkflowDefinition["states"], initialState = "a"): WorkflowDefinition => ({
  name: "broken",
  initialState,
  states,
});

describe("published compiler messages carry the validation code and the offending name", () => {
  it("names unknownTarget and the undeclared state for an event's targetState", () => {
    const error = compileError(define({ a: { events: { go: { targetState: "nowhere" } } } }));
    expect(error.message).toMatch(/unknownTarget.*nowhere/);
    expect(error.message).toMatch(/^Workflow "broken": /);
    expect(error.workflowName).toBe("broken");
  });

  it("names unknownTarget and the undeclared state for an event's errorState", () => {
    const error = compileError(
      define({ a: { events: { go: { targetState: "a", errorState: "limbo", commands: [{ name: "c" }] } } } }),
    );
    expect(error.message).toMatch(/unknownTarget.*limbo/);
  });

  it("names unknownTarget for a failure-only event routing to an undeclared errorState", () => {
    const error = compileError(
      define({ a: { events: { go: { errorState: "limbo", commands: [{ name: "c" }] } } } }),
    );
    expect(error.message).toMatch(/unknownTarget.*limbo/);
  });

  it("names unknownTarget for an onEnter target or errorState that is not declared", () => {
    expect(compileError(define({ a: { onEnter: { targetState: "ghost" } } })).message).toMatch(
      /unknownTarget.*ghost/,
    );
    expect(
      compileError(define({ a: { onEnter: { errorState: "ghost", commands: [{ name: "c" }] } } })).message,
    ).toMatch(/unknownTarget.*ghost/);
  });

  it("does not count inherited Object.prototype names as declared states", () => {
    const error = compileError(define({ a: { events: { go: { targetState: "toString" } } } }));
    expect(error.message).toMatch(/unknownTarget.*toString/);
  });

  it("reports missingInitialState and the offending name when the initial state is not declared", () => {
    const error = compileError(define({ a: {} }, "start"));
    expect(error.message).toMatch(/missingInitialState/);
    expect(error.message).toMatch(/missingInitialState.*start/);
  });

  it("reports missingInitialState for a definition without states", () => {
    expect(compileError(define({}, "start")).message).toMatch(/missingInitialState/);
  });

  it("keeps the code in the message when the registry compiles the definition", () => {
    const registry = new InMemoryDefinitionRegistry({ compiler: new WorkflowCompiler() });
    expect(() => registry.register(define({ a: { events: { go: { targetState: "nowhere" } } } }))).toThrow(
      /unknownTarget.*nowhere/,
    );
    expect(() => registry.register({ ...define({ a: {} }, "start"), name: "other" })).toThrow(
      /missingInitialState/,
    );
  });

  it("still compiles a valid definition", () => {
    const compiled = new WorkflowCompiler().compile(
      define({
        a: { events: { go: { targetState: "b", errorState: "c", commands: [{ name: "x" }] } } },
        b: {},
        c: {},
      }),
    );
    expect(compiled.process.getInitialState().getName()).toBe("a");
  });
});
