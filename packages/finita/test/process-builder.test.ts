import {
  CallbackCondition,
  DuplicateStateError,
  DuplicateTransitionError,
  FinitaError,
  GraphValidationError,
  InvalidTransitionError,
  Process,
  ProcessBuilder,
  ProcessFinalizedError,
  Statemachine,
  Tautology,
} from "../src/index.js";

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return (error as FinitaError).code;
  }
  return undefined;
};

describe("ProcessBuilder", () => {
  it("builds a working process from declarations", async () => {
    const ready = new CallbackCondition("ready", (_s, c) => c.get("ok") === true);
    const process = new ProcessBuilder("article")
      .addState("draft", { initial: true, metadata: { label: "Draft" } })
      .addState("published")
      .addState("archived")
      .addTransition("draft", "published", { event: "publish", condition: ready, weight: 2 })
      .addTransition("published", "archived")
      .build();
    expect(process).toBeInstanceOf(Process);
    expect(process.getName()).toBe("article");
    expect(process.getInitialState().getName()).toBe("draft");
    expect(process.getInitialState().getMetadata()).toEqual({ label: "Draft" });
    const [t] = [...process.getState("draft").getTransitions()];
    expect([t.getTargetState().getName(), t.getEventName(), t.getConditionName(), t.getWeight()]).toEqual([
      "published",
      "publish",
      "ready",
      2,
    ]);
    const sm = new Statemachine({}, process, { initialStateName: "draft" });
    await sm.triggerEvent("publish", new Map([["ok", true]]));
    expect(sm.getCurrentState().getName()).toBe("archived");
  });

  it("registers every declared state, including unreachable ones, in declaration order", () => {
    const process = new ProcessBuilder("p")
      .addState("side")
      .addState("start", { initial: true })
      .addState("onEnterOnly")
      .build();
    expect([...process.getStates()].map((s) => s.getName())).toEqual(["side", "start", "onEnterOnly"]);
    expect(new Statemachine({}, process, "onEnterOnly").getCurrentState().getName()).toBe("onEnterOnly");
  });

  it("rejects a repeated state name", () => {
    const builder = new ProcessBuilder("p").addState("a");
    expect(() => builder.addState("a")).toThrow(DuplicateStateError);
  });

  it("validates the initial state", () => {
    expect(codeOf(() => new ProcessBuilder("p").addState("a").build())).toBe("missingInitialState");
    const multiple = () =>
      new ProcessBuilder("p").addState("a", { initial: true }).addState("b", { initial: true }).build();
    expect(codeOf(multiple)).toBe("multipleInitialStates");
    expect(multiple).toThrow(GraphValidationError);
  });

  it("validates sources and targets", () => {
    const base = () => new ProcessBuilder("p").addState("a", { initial: true });
    expect(codeOf(() => base().addTransition("x", "a", { event: "go" }).build())).toBe("unknownSource");
    expect(codeOf(() => base().addTransition("a", "y", { event: "go" }).build())).toBe("unknownTarget");
    try {
      base().addTransition("a", "y").build();
    } catch (error) {
      expect(error).toBeInstanceOf(GraphValidationError);
      expect((error as GraphValidationError).stateNames).toEqual(["y"]);
      expect((error as Error).message).toContain('"y"');
    }
  });

  it("rejects orphans only with strictOrphans", () => {
    const builder = () =>
      new ProcessBuilder("p")
        .addState("a", { initial: true })
        .addState("b")
        .addState("orphan")
        .addTransition("a", "b", { event: "go" })
        .addTransition("orphan", "a", { event: "back" });
    expect(builder().build().hasState("orphan")).toBe(true);
    expect(codeOf(() => builder().build({ strictOrphans: true }))).toBe("orphanState");
    expect(
      new ProcessBuilder("p")
        .addState("a", { initial: true })
        .addState("b")
        .addTransition("a", "b")
        .build({ strictOrphans: true })
        .hasState("b"),
    ).toBe(true);
  });

  it("dedups the same condition instance or name and rejects conflicting duplicates", () => {
    const base = () => new ProcessBuilder("p").addState("a", { initial: true }).addState("b");
    const c = new Tautology("same");
    const sameInstance = base()
      .addTransition("a", "b", { event: "go", condition: c })
      .addTransition("a", "b", { event: "go", condition: c })
      .build();
    expect([...sameInstance.getState("a").getTransitions()]).toHaveLength(1);
    const sameName = base()
      .addTransition("a", "b", { event: "go", condition: new Tautology("same") })
      .addTransition("a", "b", { event: "go", condition: new Tautology("same") })
      .build();
    expect([...sameName.getState("a").getTransitions()]).toHaveLength(1);
    const noCondition = base()
      .addTransition("a", "b", { event: "go" })
      .addTransition("a", "b", { event: "go" })
      .build();
    expect([...noCondition.getState("a").getTransitions()]).toHaveLength(1);
    const conflicting = () =>
      base()
        .addTransition("a", "b", { event: "go", condition: new Tautology("success") })
        .addTransition("a", "b", { event: "go", condition: new Tautology("failure") })
        .build();
    expect(conflicting).toThrow(DuplicateTransitionError);
    expect(codeOf(conflicting)).toBe("duplicateTransition");
    const differentEvents = base()
      .addTransition("a", "b", { event: "go", condition: new Tautology("x") })
      .addTransition("a", "b", { event: "run", condition: new Tautology("y") })
      .build();
    expect([...differentEvents.getState("a").getTransitions()]).toHaveLength(2);
  });

  it("rejects empty or whitespace-padded event names and empty condition names", () => {
    const builder = new ProcessBuilder("p").addState("a", { initial: true }).addState("b");
    for (const event of ["", " go", "go ", " "]) {
      expect(() => builder.addTransition("a", "b", { event })).toThrow(InvalidTransitionError);
    }
    expect(() => builder.addTransition("a", "b", { condition: new Tautology("") })).toThrow(
      InvalidTransitionError,
    );
    expect(() => builder.addTransition("a", "b", { weight: Number.NaN })).toThrow(InvalidTransitionError);
    expect(codeOf(() => builder.addTransition("a", "b", { event: "" }))).toBe("invalidTransition");
    expect(builder.addTransition("a", "b", { event: "go-on" })).toBe(builder);
  });

  it("is finalized after build", () => {
    const builder = new ProcessBuilder("p").addState("a", { initial: true });
    builder.build();
    expect(() => builder.build()).toThrow(ProcessFinalizedError);
    expect(() => builder.addState("b")).toThrow(ProcessFinalizedError);
    expect(codeOf(() => builder.addTransition("a", "a"))).toBe("processFinalized");
  });

  it("throws only FinitaError subclasses for definition problems", () => {
    const attempts = [
      () => new ProcessBuilder("p").build(),
      () => new ProcessBuilder("p").addState("a").addState("a"),
      () => new ProcessBuilder("p").addState("a", { initial: true }).addTransition("a", "a", { event: " " }),
    ];
    for (const attempt of attempts) {
      let caught: unknown;
      try {
        attempt();
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(FinitaError);
    }
  });
});
