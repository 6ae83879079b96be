import {
  CallbackObserver,
  StateCollection,
  StateCollectionMerger,
  SetupHelper,
  State,
  Tautology,
  Transition,
  type EventInterface,
  type StateInterface,
  type TransitionInterface,
} from "../src/index.js";

const source = () => {
  const collection = new StateCollection();
  const helper = new SetupHelper(collection);
  const condition = new Tautology("ok");
  const t = helper.findOrCreateTransition("s1", "s2", "go", condition) as Transition;
  t.setWeight(3);
  helper.findOrCreateTransition("s2", "s1");
  const command = new CallbackObserver(() => undefined);
  helper.addCommand("s1", "go", command);
  collection.getState("s1").setMetadataValue("color", "red");
  collection.getState("s2").setMetadataValue("final", true);
  collection.getState("s1").getEvent("go").setMetadataValue("label", "Go!");
  return { collection, condition, command };
};

describe("StateCollectionMerger", () => {
  it("has prefix accessors and a target collection", () => {
    const target = new StateCollection();
    const merger = new StateCollectionMerger(target);
    expect(merger.getStateNamePrefix()).toBe("");
    merger.setStateNamePrefix("sub_");
    expect(merger.getStateNamePrefix()).toBe("sub_");
    expect(merger.getTargetCollection()).toBe(target);
  });

  it("copies states, transitions and events while sharing conditions and observers", () => {
    const { collection, condition, command } = source();
    const target = new StateCollection();
    target.merge(collection);
    const s1 = target.getState("s1");
    const original = collection.getState("s1");
    expect(s1).not.toBe(original);
    expect(s1.getMetadata()).toEqual({ color: "red" });
    expect(target.getState("s2").getMetadata()).toEqual({ final: true });
    const [t] = [...s1.getTransitions()];
    const [originalT] = [...original.getTransitions()];
    expect(t).not.toBe(originalT);
    expect(t.getTargetState()).toBe(target.getState("s2"));
    expect(t.getEventName()).toBe("go");
    expect(t.getCondition()).toBe(condition);
    expect(t.getWeight()).toBe(3);
    expect(s1.getEventNames()).toEqual(["go"]);
    expect(s1.getEvent("go")).not.toBe(original.getEvent("go"));
    expect(s1.getEvent("go").getMetadata()).toEqual({ label: "Go!" });
    expect([...s1.getEvent("go").getObservers()]).toEqual([command]);
    expect([...target.getState("s2").getTransitions()]).toHaveLength(1);
  });

  it("prefixes names and creates no unprefixed states", () => {
    const { collection } = source();
    const target = new StateCollection();
    const merger = target.getStateCollectionMerger();
    merger.setStateNamePrefix("sub_");
    target.merge(collection);
    expect([...target.getStates()].map((s) => s.getName())).toEqual(["sub_s1", "sub_s2"]);
    expect(target.hasState("s1")).toBe(false);
    const [t] = [...target.getState("sub_s1").getTransitions()];
    expect(t.getTargetState().getName()).toBe("sub_s2");
  });

  it("reuses existing states without DuplicateStateError and does not duplicate observers", () => {
    const { collection, command } = source();
    const target = new StateCollection();
    const existing = new State("s1");
    existing.addTransition(new Transition(new State("elsewhere"), "other"));
    target.addState(existing);
    target.merge(collection);
    target.merge(collection);
    expect(target.getState("s1")).toBe(existing);
    expect([...existing.getTransitions()]).toHaveLength(2);
    expect([...existing.getEvent("go").getObservers()]).toEqual([command]);
  });

  it("merges a single state", () => {
    const { collection } = source();
    const target = new StateCollection();
    target.merge(collection.getState("s2"));
    expect([...target.getStates()].map((s) => s.getName())).toEqual(["s2", "s1"]);
    expect([...target.getState("s1").getTransitions()]).toHaveLength(0);
  });

  it("works with custom TransitionInterface implementations", () => {
    const dest = new State("dest");
    const custom: TransitionInterface = {
      getTargetState: () => dest,
      getEventName: () => "jump",
      getConditionName: () => null,
      getCondition: () => null,
      getWeight: () => 7,
      isActive: async () => true,
    };
    const start = new State("start");
    start.addTransition(custom);
    const target = new StateCollection();
    new StateCollectionMerger(target).merge(start);
    const [t] = [...target.getState("start").getTransitions()];
    expect(t).toBeInstanceOf(Transition);
    expect(t.getWeight()).toBe(7);
    expect(t.getTargetState().getName()).toBe("dest");
  });

  it("lets subclasses replace state and condition creation", () => {
    class Tagging extends StateCollectionMerger {
      protected override createState(name: string): StateInterface {
        const s = new State(name);
        s.setMetadataValue("merged", true);
        return s;
      }
    }
    const { collection } = source();
    const target = new StateCollection();
    new Tagging(target).merge(collection);
    expect(target.getState("s1").getMetadataValue("merged")).toBe(true);
    const e: EventInterface = target.getState("s1").getEvent("go");
    expect(e.getName()).toBe("go");
  });
});
