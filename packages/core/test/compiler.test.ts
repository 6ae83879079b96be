import type { TransitionInterface } from "@camcima/finita";
import { describe, expect, it } from "vitest";
import { resolveNextState } from "../src/compiler/next-state.js";
import { WorkflowCompiler } from "../src/compiler/workflow-compiler.js";
import type { WorkflowDefinition } from "../src/definition/types.js";
import { WorkflowDefinitionError } from "../src/errors/definition.error.js";

const definition = (): WorkflowDefinition => ({
  name: "payment",
  initialState: "pending",
  states: {
    pending: {
      events: {
        Pay: { targetState: "paid", errorState: "failed", commands: [{ name: "charge" }] },
        Cancel: { targetState: "cancelled" },
        Refuse: { errorState: "failed", commands: [{ name: "check" }] },
        Retry: { targetState: "pending", errorState: "pending", commands: [{ name: "retry" }] },
        Note: { commands: [{ name: "note" }] },
      },
    },
    paid: { onEnter: { targetState: "archived" } },
    failed: { onEnter: { errorState: "escalated" } },
    cancelled: {},
    archived: {},
    escalated: {},
  },
});

const transitionsOf = (compiledDef: WorkflowDefinition, state: string): TransitionInterface[] => [
  ...new WorkflowCompiler().compile(compiledDef).process.getState(state).getTransitions(),
];

const byCondition = (transitions: TransitionInterface[], name: string): TransitionInterface => {
  const found = transitions.find((t) => t.getConditionName() === name);
  if (!found) throw new Error(`no transition with condition ${name}`);
  return found;
};

describe("WorkflowCompiler: compiled process", () => {
  it("uses the initial state and declares every state, including onEnter-only ones", () => {
    const { process, definition: compiledDefinition } = new WorkflowCompiler().compile(definition());
    expect(process.getName()).toBe("payment");
    expect(process.getInitialState().getName()).toBe("pending");
    expect([...process.getStates()].map((s) => s.getName())).toEqual([
      "pending",
      "paid",
      "failed",
      "cancelled",
      "archived",
      "escalated",
    ]);
    expect(compiledDefinition.name).toBe("payment");
  });

  it("builds success then failure transitions per event, named by condition", () => {
    const transitions = transitionsOf(definition(), "pending");
    expect(transitions.map((t) => t.getConditionName())).toEqual([
      "workflow:success:pending:Pay",
      "workflow:failure:pending:Pay",
      "workflow:success:pending:Cancel",
      "workflow:failure:pending:Refuse",
      "workflow:any:pending:Retry",
    ]);
    const summary = (t: TransitionInterface) => [t.getEventName(), t.getTargetState().getName()];
    expect(summary(byCondition(transitions, "workflow:success:pending:Pay"))).toEqual(["Pay", "paid"]);
    expect(summary(byCondition(transitions, "workflow:failure:pending:Pay"))).toEqual(["Pay", "failed"]);
    expect(summary(byCondition(transitions, "workflow:success:pending:Cancel"))).toEqual([
      "Cancel",
      "cancelled",
    ]);
    expect(summary(byCondition(transitions, "workflow:failure:pending:Refuse"))).toEqual([
      "Refuse",
      "failed",
    ]);
    expect(summary(byCondition(transitions, "workflow:any:pending:Retry"))).toEqual(["Retry", "pending"]);
  });

  it("has one transition for a target-only event and two for target + error", () => {
    const onlyPay: WorkflowDefinition = {
      name: "p",
      initialState: "pending",
      states: {
        pending: { events: { Pay: { targetState: "paid", errorState: "failed" } } },
        paid: {},
        failed: {},
      },
    };
    expect(transitionsOf(onlyPay, "pending")).toHaveLength(2);
    const onlyCancel: WorkflowDefinition = {
      name: "c",
      initialState: "pending",
      states: { pending: { events: { Cancel: { targetState: "done" } } }, done: {} },
    };
    expect(transitionsOf(onlyCancel, "pending")).toHaveLength(1);
  });

  it("creates no finita transition (and no event) for command-only events or onEnter", () => {
    const { process } = new WorkflowCompiler().compile(definition());
    expect(process.getState("pending").hasEvent("Note")).toBe(false);
    expect([...process.getState("paid").getTransitions()]).toHaveLength(0);
  });

  it("conditions test the workflow:eventOutcome context key", async () => {
    const transitions = transitionsOf(definition(), "pending");
    const ctx = (outcome: string) => new Map<string, unknown>([["workflow:eventOutcome", outcome]]);
    const check = async (name: string, outcome: string) =>
      byCondition(transitions, name).getCondition()!.checkCondition(undefined, ctx(outcome));
    expect(await check("workflow:success:pending:Pay", "success")).toBe(true);
    expect(await check("workflow:success:pending:Pay", "failure")).toBe(false);
    expect(await check("workflow:failure:pending:Pay", "failure")).toBe(true);
    expect(await check("workflow:failure:pending:Pay", "success")).toBe(false);
    expect(await check("workflow:any:pending:Retry", "success")).toBe(true);
    expect(await check("workflow:any:pending:Retry", "failure")).toBe(true);
    expect(await check("workflow:any:pending:Retry", "guard-rejected")).toBe(false);
  });
});

describe("WorkflowCompiler: errors", () => {
  it.each([
    ["an unknown target", { a: { events: { go: { targetState: "x" } } } }, "a"],
    [
      "an unknown error state",
      { a: { events: { go: { errorState: "x", commands: [{ name: "c" }] } } } },
      "a",
    ],
    ["a missing initial state", { a: {} }, "zzz"],
    ["a whitespace-padded event name", { a: { events: { " go": { targetState: "a" } } } }, "a"],
  ])("maps %s to WorkflowDefinitionError", (_label, states, initialState) => {
    const compile = () =>
      new WorkflowCompiler().compile({ name: "broken", initialState, states } as WorkflowDefinition);
    expect(compile).toThrow(WorkflowDefinitionError);
    expect(compile).toThrow(/^Workflow "broken": ./);
    try {
      compile();
    } catch (error) {
      expect((error as WorkflowDefinitionError).workflowName).toBe("broken");
      expect((error as Error).cause).toBeInstanceOf(Error);
    }
  });
});

describe("WorkflowCompiler: caching", () => {
  it("returns a frozen result and caches by identity", () => {
    const compiler = new WorkflowCompiler();
    const def = definition();
    const first = compiler.compile(def);
    expect(Object.isFrozen(first)).toBe(true);
    expect(first.definition).toBe(def);
    expect(compiler.compile(def)).toBe(first);
  });

  it("reuses the compilation for a structurally equal definition under the same name", () => {
    const compiler = new WorkflowCompiler();
    const first = compiler.compile(definition());
    expect(compiler.compile(definition())).toBe(first);
  });

  it("recompiles when the definition under the same name changed", () => {
    const compiler = new WorkflowCompiler();
    const first = compiler.compile(definition());
    const changed = definition();
    changed.states.pending.events!.Cancel.targetState = "archived";
    const second = compiler.compile(changed);
    expect(second).not.toBe(first);
    expect(second.definition).toBe(changed);
    const cancel = [...second.process.getState("pending").getTransitions()].find(
      (t) => t.getConditionName() === "workflow:success:pending:Cancel",
    );
    expect(cancel?.getTargetState().getName()).toBe("archived");
  });
});

describe("resolveNextState", () => {
  const compiled = new WorkflowCompiler().compile(definition());

  it("goes to the target on success and the error state on failure", async () => {
    expect(await resolveNextState(compiled, "pending", "Pay", "success")).toBe("paid");
    expect(await resolveNextState(compiled, "pending", "Pay", "failure")).toBe("failed");
    expect(await resolveNextState(compiled, "pending", "Cancel", "success")).toBe("cancelled");
  });

  it("stays when no transition matches the outcome", async () => {
    expect(await resolveNextState(compiled, "pending", "Refuse", "success")).toBe("pending");
    expect(await resolveNextState(compiled, "pending", "Cancel", "failure")).toBe("pending");
  });

  it("handles target === errorState with either outcome", async () => {
    expect(await resolveNextState(compiled, "pending", "Retry", "success")).toBe("pending");
    expect(await resolveNextState(compiled, "pending", "Retry", "failure")).toBe("pending");
  });

  it("never calls finita for command-only events", async () => {
    expect(await resolveNextState(compiled, "pending", "Note", "success")).toBe("pending");
  });

  it("starts from states reachable only through onEnter and accepts any subject", async () => {
    const def: WorkflowDefinition = {
      name: "hop",
      initialState: "a",
      states: {
        a: { onEnter: { targetState: "b" } },
        b: { events: { go: { targetState: "c" } } },
        c: {},
      },
    };
    const hop = new WorkflowCompiler().compile(def);
    expect(await resolveNextState(hop, "b", "go", "success")).toBe("c");
    expect(await resolveNextState(hop, "b", "go", "success", { getName: () => "subject" })).toBe("c");
  });
});
