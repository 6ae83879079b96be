import {
  CallbackCondition,
  CallbackObserver,
  Process,
  SetupHelper,
  State,
  StateCollection,
  Statemachine,
} from "../src/index.js";

describe("SetupHelper", () => {
  it("finds or creates states in the collection", () => {
    const collection = new StateCollection();
    const helper = new SetupHelper(collection);
    const a = helper.findOrCreateState("a");
    expect(helper.findOrCreateState("a")).toBe(a);
    expect(collection.getState("a")).toBe(a);
    const existing = new State("b");
    collection.addState(existing);
    expect(helper.findOrCreateState("b")).toBe(existing);
  });

  it("finds or creates transitions, deduplicating by target, event and condition name", () => {
    const collection = new StateCollection();
    const helper = new SetupHelper(collection);
    const t1 = helper.findOrCreateTransition("a", "b", "go");
    expect(helper.findOrCreateTransition("a", "b", "go")).toBe(t1);
    const c1 = new CallbackCondition("ok", () => true);
    const t2 = helper.findOrCreateTransition("a", "b", "go", c1);
    expect(t2).not.toBe(t1);
    expect(helper.findOrCreateTransition("a", "b", "go", new CallbackCondition("ok", () => false))).toBe(t2);
    const auto = helper.findOrCreateTransition("a", "b");
    expect(auto.getEventName()).toBeNull();
    expect([...collection.getState("a").getTransitions()]).toEqual([t1, t2, auto]);
    expect(t1.getTargetState()).toBe(collection.getState("b"));
  });

  it("finds or creates events and attaches commands", () => {
    const collection = new StateCollection();
    const helper = new SetupHelper(collection);
    const event = helper.findOrCreateEvent("a", "ping");
    expect(helper.findOrCreateEvent("a", "ping")).toBe(event);
    const command = new CallbackObserver(() => undefined);
    helper.addCommand("a", "notify", command);
    expect(collection.getState("a").hasEvent("notify")).toBe(true);
    expect([...collection.getState("a").getEvent("notify").getObservers()]).toEqual([command]);
    expect([...collection.getState("a").getTransitions()]).toEqual([]);
  });

  it("adds a command with a self-transition that runs on trigger", async () => {
    const collection = new StateCollection();
    const helper = new SetupHelper(collection);
    const command = vi.fn();
    helper.addCommandAndSelfTransition("a", "touch", new CallbackObserver(command));
    helper.addCommandAndSelfTransition("a", "touch", new CallbackObserver(command));
    const a = collection.getState("a");
    const transitions = [...a.getTransitions()];
    expect(transitions).toHaveLength(1);
    expect(transitions[0].getTargetState()).toBe(a);
    const sm = new Statemachine({ x: 1 }, new Process("p", a));
    await sm.triggerEvent("touch");
    expect(command).toHaveBeenCalledTimes(2);
    expect(sm.getCurrentState()).toBe(a);
  });

  it("builds a Process from the collection", () => {
    const collection = new StateCollection();
    const helper = new SetupHelper(collection);
    helper.findOrCreateTransition("draft", "published", "publish");
    helper.findOrCreateTransition("published", "archived", "archive");
    const process = new Process("article", collection.getState("draft"));
    expect([...process.getStates()].map((s) => s.getName())).toEqual(["draft", "published", "archived"]);
  });
});
