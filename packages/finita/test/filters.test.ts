import {
  ActiveTransitionFilter,
  CallbackCondition,
  Event,
  FilterStateByEvent,
  FilterStateByFinalState,
  FilterStateByTransition,
  FilterTransitionByEvent,
  State,
  Transition,
} from "../src/index.js";

const names = (states: Iterable<{ getName(): string }>) => [...states].map((s) => s.getName());

describe("filters", () => {
  const a = new State("a");
  const b = new State("b");
  const c = new State("c");
  const d = new State("d");
  const ab = new Transition(b, "go");
  const ac = new Transition(c, "go", new CallbackCondition("no", () => false));
  const ad = new Transition(d, "other");
  a.addTransition(ab);
  a.addTransition(ac);
  a.addTransition(ad);
  b.addTransition(new Transition(c));
  c.getEvent("ping");
  const all = [a, b, c, d];

  it("ActiveTransitionFilter resolves an array of active transitions in order", async () => {
    const result = ActiveTransitionFilter.filter(a.getTransitions(), {}, new Map(), new Event("go"));
    expect(result).toBeInstanceOf(Promise);
    expect(await result).toEqual([ab]);
    expect(await ActiveTransitionFilter.filter(b.getTransitions(), {}, new Map())).toHaveLength(1);
    expect(await ActiveTransitionFilter.filter([], {}, new Map())).toEqual([]);
  });

  it("ActiveTransitionFilter awaits each isActive sequentially", async () => {
    const order: string[] = [];
    const slow = new Transition(
      b,
      null,
      new CallbackCondition("slow", async () => {
        await new Promise((r) => setTimeout(r, 5));
        order.push("slow");
        return true;
      }),
    );
    const fast = new Transition(c, null, new CallbackCondition("fast", () => (order.push("fast"), true)));
    expect(await ActiveTransitionFilter.filter([slow, fast], {}, new Map())).toEqual([slow, fast]);
    expect(order).toEqual(["slow", "fast"]);
  });

  it("FilterStateByEvent yields states that have the event", () => {
    expect(names(FilterStateByEvent.filter(all, "go"))).toEqual(["a"]);
    expect(names(FilterStateByEvent.filter(all, "ping"))).toEqual(["c"]);
  });

  it("FilterStateByTransition yields states with an automatic transition", () => {
    expect(names(FilterStateByTransition.filter(all))).toEqual(["b"]);
  });

  it("FilterStateByFinalState yields states without transitions", () => {
    expect(names(FilterStateByFinalState.filter(all))).toEqual(["c", "d"]);
  });

  it("FilterTransitionByEvent yields exact event-name matches", () => {
    expect([...FilterTransitionByEvent.filter(a.getTransitions(), "go")]).toEqual([ab, ac]);
    expect([...FilterTransitionByEvent.filter(a.getTransitions(), "g")]).toEqual([]);
  });

  it("generators are lazy and single-pass", () => {
    const spy = vi.spyOn(a, "hasEvent");
    const gen = FilterStateByEvent.filter(all, "go");
    expect(spy).not.toHaveBeenCalled();
    expect(names(gen)).toEqual(["a"]);
    expect(names(gen)).toEqual([]);
    spy.mockRestore();
  });

  it("compose", () => {
    expect(names(FilterStateByFinalState.filter(FilterStateByEvent.filter(all, "ping")))).toEqual(["c"]);
  });
});
