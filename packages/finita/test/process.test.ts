import { DuplicateStateError, Process, State, Transition } from "../src/index.js";

describe("Process", () => {
  it("registers reachable states in DFS preorder", () => {
    const [a, b, c, d] = ["a", "b", "c", "d"].map((n) => new State(n));
    a.addTransition(new Transition(b, "x"));
    b.addTransition(new Transition(d, "y"));
    a.addTransition(new Transition(c, "z"));
    const p = new Process("p", a);
    expect([...p.getStates()].map((s) => s.getName())).toEqual(["a", "b", "d", "c"]);
    expect(p.getName()).toBe("p");
    expect(p.getInitialState()).toBe(a);
  });

  it("follows automatic transitions and terminates on cycles", () => {
    const [a, b, c] = ["a", "b", "c"].map((n) => new State(n));
    a.addTransition(new Transition(b));
    b.addTransition(new Transition(c, "go"));
    c.addTransition(new Transition(a));
    c.addTransition(new Transition(c, "self"));
    const p = new Process("p", a);
    expect([...p.getStates()].map((s) => s.getName())).toEqual(["a", "b", "c"]);
  });

  it("excludes unreachable states", () => {
    const a = new State("a");
    const orphan = new State("orphan");
    orphan.addTransition(new Transition(a, "go"));
    const p = new Process("p", a);
    expect(p.hasState("orphan")).toBe(false);
    expect(() => p.getState("orphan")).toThrow('State "orphan" not found');
  });

  it("throws DuplicateStateError on a different instance with a registered name", () => {
    const a = new State("a");
    a.addTransition(new Transition(new State("b"), "x"));
    a.addTransition(new Transition(new State("b"), "y"));
    expect(() => new Process("p", a)).toThrow(DuplicateStateError);
  });

  it("does not register states reachable only through transitions added later", () => {
    const a = new State("a");
    const p = new Process("p", a);
    a.addTransition(new Transition(new State("late"), "go"));
    expect(p.hasState("late")).toBe(false);
    expect([...p.getState("a").getTransitions()]).toHaveLength(1);
  });

  it("handles long chains without recursion limits", () => {
    const states = Array.from({ length: 20000 }, (_, i) => new State(`s${i}`));
    states.slice(1).forEach((s, i) => states[i].addTransition(new Transition(s, "next")));
    expect([...new Process("long", states[0]).getStates()]).toHaveLength(20000);
  });
});
