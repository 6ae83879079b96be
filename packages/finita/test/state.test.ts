import { CallbackCondition, Event, State, Transition } from "../src/index.js";

describe("State", () => {
  it("keeps its name and starts without transitions or events", () => {
    const s = new State("draft");
    expect(s.getName()).toBe("draft");
    expect([...s.getTransitions()]).toEqual([]);
    expect(s.getEventNames()).toEqual([]);
  });

  it("ignores the same transition instance added twice", () => {
    const a = new State("a");
    const t = new Transition(new State("b"), "go");
    a.addTransition(t);
    a.addTransition(t);
    expect([...a.getTransitions()]).toEqual([t]);
  });

  it("drops a transition with the same target name, event and condition name (first wins)", () => {
    const a = new State("a");
    const first = new Transition(new State("b"), "go", new CallbackCondition("ok", () => true));
    const second = new Transition(new State("b"), "go", new CallbackCondition("ok", () => false));
    a.addTransition(first);
    a.addTransition(second);
    expect([...a.getTransitions()]).toEqual([first]);
  });

  it("keeps transitions that differ by target, event or condition name, in insertion order", () => {
    const a = new State("a");
    const b = new State("b");
    const ts = [
      new Transition(b, "go"),
      new Transition(new State("c"), "go"),
      new Transition(b, "other"),
      new Transition(b, "go", new CallbackCondition("x", () => true)),
      new Transition(b),
    ];
    ts.forEach((t) => a.addTransition(t));
    expect([...a.getTransitions()]).toEqual(ts);
  });

  it("returns the live transition set", () => {
    const a = new State("a");
    const live = a.getTransitions();
    a.addTransition(new Transition(a, "x"));
    expect([...live]).toHaveLength(1);
  });

  it("auto-creates events for truthy event names only", () => {
    const a = new State("a");
    a.addTransition(new Transition(new State("b"), "go"));
    a.addTransition(new Transition(new State("c")));
    a.addTransition(new Transition(new State("d"), ""));
    expect(a.getEventNames()).toEqual(["go"]);
    expect(a.hasEvent("")).toBe(false);
  });

  it("creates events on demand and always returns the same instance", () => {
    const a = new State("a");
    expect(a.hasEvent("x")).toBe(false);
    const e = a.getEvent("x");
    expect(e).toBeInstanceOf(Event);
    expect(a.getEvent("x")).toBe(e);
    expect(a.hasEvent("x")).toBe(true);
    a.getEvent("y");
    expect(a.getEventNames()).toEqual(["x", "y"]);
  });

  it("manages metadata with fresh copies", () => {
    const s = new State("a");
    expect(s.getMetadataValue("missing")).toBeUndefined();
    s.setMetadataValue("color", "red");
    expect(s.hasMetadataValue("color")).toBe(true);
    const copy = s.getMetadata();
    expect(copy).toEqual({ color: "red" });
    copy.color = "blue";
    expect(s.getMetadataValue("color")).toBe("red");
    expect(s.getMetadata()).not.toBe(copy);
    s.deleteMetadataValue("color");
    expect(s.hasMetadataValue("color")).toBe(false);
    expect(s.getMetadata()).toEqual({});
  });
});
