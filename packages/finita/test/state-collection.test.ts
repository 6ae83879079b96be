import { DuplicateStateError, State, StateCollection } from "../src/index.js";

describe("StateCollection", () => {
  it("adds, looks up and lists states in insertion order", () => {
    const c = new StateCollection();
    const a = new State("a");
    const b = new State("b");
    c.addState(a);
    c.addState(b);
    c.addState(a);
    expect([...c.getStates()]).toEqual([a, b]);
    expect(c.getState("b")).toBe(b);
    expect(c.hasState("a")).toBe(true);
    expect(c.hasState("z")).toBe(false);
  });

  it("throws DuplicateStateError for a different instance with the same name", () => {
    const c = new StateCollection();
    c.addState(new State("a"));
    expect(() => c.addState(new State("a"))).toThrow(DuplicateStateError);
    expect(() => c.addState(new State("a"))).toThrow(/different state/);
  });

  it("throws a plain Error for an unknown state", () => {
    const c = new StateCollection();
    expect(() => c.getState("x")).toThrow('State "x" not found');
  });

  it("creates its merger lazily and reuses it", () => {
    const c = new StateCollection();
    const m = c.getStateCollectionMerger();
    expect(c.getStateCollectionMerger()).toBe(m);
    expect(m.getTargetCollection()).toBe(c);
  });

  it("merges another collection through the merger", () => {
    const source = new StateCollection();
    source.addState(new State("x"));
    const target = new StateCollection();
    target.merge(source);
    expect(target.hasState("x")).toBe(true);
    expect(target.getState("x")).not.toBe(source.getState("x"));
  });
});
