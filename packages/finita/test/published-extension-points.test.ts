import {
  CallbackObserver,
  Event,
  GraphBuilder,
  Not,
  OneOrNoneActiveTransition,
  Process,
  ScoreTransition,
  SetupHelper,
  State,
  StateCollection,
  StateCollectionMerger,
  Statemachine,
  Tautology,
  Transition,
  type ConditionInterface,
  type EventInterface,
  type Metadata,
  type Observer,
  type StateInterface,
  type TransitionInterface,
  type TransitionSelectorInterface,
} from "../src/index.js";

const sourceCollection = () => {
  const collection = new StateCollection();
  const helper = new SetupHelper(collection);
  const go = helper.findOrCreateTransition("s1", "s2", "go", new Tautology("ok")) as Transition;
  go.setWeight(3);
  helper.findOrCreateTransition("s2", "s1");
  collection.getState("s1").setMetadataValue("color", "red");
  const event = collection.getState("s1").getEvent("go");
  event.setMetadataValue("label", "Go!");
  const command = new CallbackObserver(() => undefined);
  event.attach(command);
  return { collection, command };
};

describe("published StateCollectionMerger protected hooks", () => {
  it("passes the source transition to createCondition", () => {
    const seen: TransitionInterface[] = [];
    class Wrapping extends StateCollectionMerger {
      protected override createCondition(sourceTransition: TransitionInterface): ConditionInterface | null {
        seen.push(sourceTransition);
        const condition = sourceTransition.getCondition();
        return condition ? new Not(condition) : null;
      }
    }
    const { collection } = sourceCollection();
    const target = new StateCollection();
    new Wrapping(target).merge(collection);
    expect(seen.map((t) => t.getEventName())).toEqual(["go", null]);
    expect(seen[0]).toBe([...collection.getState("s1").getTransitions()][0]);
    expect([...target.getState("s1").getTransitions()][0].getConditionName()).toBe("not ( ok )");
  });

  it("builds every merged transition through createTransition", () => {
    const created: string[] = [];
    class Counting extends StateCollectionMerger {
      protected override createTransition(sourceTransition: TransitionInterface): TransitionInterface {
        const transition = super.createTransition(sourceTransition);
        created.push(`${sourceTransition.getEventName()}->${transition.getTargetState().getName()}`);
        return transition;
      }
    }
    const { collection } = sourceCollection();
    const target = new StateCollection();
    const merger = new Counting(target);
    merger.setStateNamePrefix("sub_");
    merger.merge(collection);
    expect(created).toEqual(["go->sub_s2", "null->sub_s1"]);
    const merged = [...target.getState("sub_s1").getTransitions()][0];
    expect(merged.getWeight()).toBe(3);
    expect(merged.getTargetState()).toBe(target.getState("sub_s2"));
  });

  it("copies state and event metadata through mergeMetadata", () => {
    const calls: [Metadata, unknown][] = [];
    class Recording extends StateCollectionMerger {
      protected override mergeMetadata(source: Metadata, target: StateInterface | EventInterface): void {
        calls.push([source, target]);
        super.mergeMetadata(source, target);
      }
    }
    const { collection } = sourceCollection();
    const target = new StateCollection();
    new Recording(target).merge(collection);
    expect(calls.some(([source]) => source === collection.getState("s1"))).toBe(true);
    expect(calls.some(([source]) => source === collection.getState("s1").getEvent("go"))).toBe(true);
    expect(target.getState("s1").getMetadataValue("color")).toBe("red");
    expect(target.getState("s1").getEvent("go").getMetadataValue("label")).toBe("Go!");
  });

  it("merges each event through mergeEvent, sharing the observers", () => {
    const merged: [string, string][] = [];
    class Recording extends StateCollectionMerger {
      protected override mergeEvent(sourceEvent: EventInterface, targetEvent: EventInterface): void {
        merged.push([sourceEvent.getName(), targetEvent.getName()]);
        super.mergeEvent(sourceEvent, targetEvent);
      }
    }
    const { collection, command } = sourceCollection();
    const target = new StateCollection();
    new Recording(target).merge(collection);
    expect(merged).toEqual([["go", "go"]]);
    expect([...target.getState("s1").getEvent("go").getObservers()]).toEqual([command]);
  });

  it("finds or creates states by their merged name through findOrCreateState", () => {
    const names: string[] = [];
    class Recording extends StateCollectionMerger {
      protected override findOrCreateState(name: string): StateInterface {
        names.push(name);
        return super.findOrCreateState(name);
      }
    }
    const { collection } = sourceCollection();
    const target = new StateCollection();
    const existing = new State("p_s2");
    target.addState(existing);
    const merger = new Recording(target);
    merger.setStateNamePrefix("p_");
    merger.merge(collection);
    expect(new Set(names)).toEqual(new Set(["p_s1", "p_s2"]));
    expect(target.getState("p_s2")).toBe(existing);
  });

  it("merges every source state through mergeState", () => {
    const merged: string[] = [];
    class Recording extends StateCollectionMerger {
      protected override mergeState(sourceState: StateInterface): void {
        merged.push(sourceState.getName());
        super.mergeState(sourceState);
      }
    }
    const { collection } = sourceCollection();
    const merger = new Recording(new StateCollection());
    merger.merge(collection);
    merger.merge(new State("single"));
    expect(merged).toEqual(["s1", "s2", "single"]);
  });
});

describe("published GraphBuilder.getTransitionLabel", () => {
  it("is the protected hook that labels every edge", () => {
    class Short extends GraphBuilder {
      protected override getTransitionLabel(state: StateInterface, transition: TransitionInterface): string {
        return `${state.getName()}:${transition.getEventName() ?? "auto"}`;
      }
    }
    const a = new State("a");
    const b = new State("b");
    a.addTransition(new Transition(b, "go"));
    b.addTransition(new Transition(a));
    const builder = new Short();
    builder.addStates([a, b]);
    expect(builder.getGraph().edges.map((e) => e.label)).toEqual(["a:go", "b:auto"]);
  });

  it("produces the documented label by default", () => {
    class Exposed extends GraphBuilder {
      label(state: StateInterface, transition: TransitionInterface): string {
        return this.getTransitionLabel(state, transition);
      }
    }
    const a = new State("a");
    const t = new Transition(new State("b"), "go", new Tautology("ready"));
    a.addTransition(t);
    expect(new Exposed().label(a, t)).toBe("E: go\nIF: ready\nW: 1");
  });
});

describe("published SetupHelper.findTransition default parameters", () => {
  it("defaults eventName and condition to null", () => {
    class Exposed extends SetupHelper {
      find(source: StateInterface, target: StateInterface): TransitionInterface | null {
        return this.findTransition(source, target);
      }
      findForEvent(
        source: StateInterface,
        target: StateInterface,
        event: string,
      ): TransitionInterface | null {
        return this.findTransition(source, target, event);
      }
    }
    const helper = new Exposed(new StateCollection());
    const automatic = helper.findOrCreateTransition("a", "b");
    const onGo = helper.findOrCreateTransition("a", "b", "go");
    const a = helper.findOrCreateState("a");
    const b = helper.findOrCreateState("b");
    expect(helper.find(a, b)).toBe(automatic);
    expect(helper.findForEvent(a, b, "go")).toBe(onGo);
  });
});

describe("published observer notification rounds", () => {
  it("runs an event observer attached during notification in the same round", async () => {
    const event = new Event("go");
    const log: string[] = [];
    const late: Observer = { update: () => void log.push("late") };
    event.attach({
      update: () => {
        log.push("first");
        event.attach(late);
      },
    });
    await event.invoke();
    expect(log).toEqual(["first", "late"]);
  });

  it("skips an event observer detached before its turn", async () => {
    const event = new Event("go");
    const log: string[] = [];
    const second: Observer = { update: () => void log.push("second") };
    event.attach({
      update: () => {
        log.push("first");
        event.detach(second);
      },
    });
    event.attach(second);
    await event.invoke();
    expect(log).toEqual(["first"]);
  });

  it("applies the same rules to state machine observers", async () => {
    const b = new State("b");
    const a = new State("a");
    a.addTransition(new Transition(b, "go"));
    const sm = new Statemachine({}, new Process("p", a));
    const log: string[] = [];
    const removed: Observer = { update: () => void log.push("removed") };
    const added: Observer = { update: () => void log.push("added") };
    sm.attach({
      update: () => {
        log.push("first");
        sm.detach(removed);
        sm.attach(added);
      },
    });
    sm.attach(removed);
    await sm.triggerEvent("go");
    expect(log).toEqual(["first", "added"]);
  });
});

describe("published ScoreTransition", () => {
  const recordingInner = () => {
    const calls: TransitionInterface[][] = [];
    const inner: TransitionSelectorInterface = {
      selectTransition(transitions) {
        const list = [...transitions];
        calls.push(list);
        return list[0] ?? null;
      },
    };
    return { inner, calls };
  };

  it("calls its inner selector even when there is no candidate", () => {
    const { inner, calls } = recordingInner();
    expect(new ScoreTransition(inner).selectTransition([])).toBeNull();
    expect(calls).toEqual([[]]);
  });

  it("ignores transitions scoring below -1 and keeps those scoring -1", () => {
    class Scored extends ScoreTransition {
      protected override calculateScore(t: TransitionInterface): number {
        return Number(t.getEventName());
      }
    }
    const t = (score: number) => new Transition(new State("x"), String(score));
    const { inner, calls } = recordingInner();
    expect(new Scored(inner).selectTransition([t(-2), t(-5)])).toBeNull();
    expect(calls).toEqual([[]]);
    const minusOne = t(-1);
    expect(new Scored(inner).selectTransition([t(-3), minusOne])).toBe(minusOne);
    expect(calls[1]).toEqual([minusOne]);
  });

  it("returns null with the default inner selector for no candidates", () => {
    expect(new ScoreTransition(new OneOrNoneActiveTransition()).selectTransition([])).toBeNull();
  });
});
