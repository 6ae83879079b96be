import { CallbackCondition, Event, State, Tautology, Transition } from "../src/index.js";

describe("Transition", () => {
  const target = new State("b");

  it("has defaults: no event, no condition, weight 1", () => {
    const t = new Transition(target);
    expect(t.getTargetState()).toBe(target);
    expect(t.getEventName()).toBeNull();
    expect(t.getCondition()).toBeNull();
    expect(t.getConditionName()).toBeNull();
    expect(t.getWeight()).toBe(1);
    t.setWeight(2.5);
    expect(t.getWeight()).toBe(2.5);
  });

  it("reports the condition name", () => {
    const c = new Tautology("always");
    const t = new Transition(target, "go", c);
    expect(t.getCondition()).toBe(c);
    expect(t.getConditionName()).toBe("always");
  });

  it("matches events strictly and automatic transitions only without an event", async () => {
    const ctx = new Map<string, unknown>();
    const eventTransition = new Transition(target, "go");
    const automatic = new Transition(target);
    expect(await eventTransition.isActive({}, ctx, new Event("go"))).toBe(true);
    expect(await eventTransition.isActive({}, ctx, new Event("other"))).toBe(false);
    expect(await eventTransition.isActive({}, ctx)).toBe(false);
    expect(await automatic.isActive({}, ctx)).toBe(true);
    expect(await automatic.isActive({}, ctx, new Event("go"))).toBe(false);
  });

  it("evaluates (and awaits) the condition only when the event matched", async () => {
    const fn = vi.fn(async (_s: unknown, c: Map<string, unknown>) => c.get("ok") === true);
    const t = new Transition(target, "go", new CallbackCondition("ok", fn));
    const ctx = new Map<string, unknown>([["ok", true]]);
    expect(await t.isActive("subj", ctx, new Event("nope"))).toBe(false);
    expect(fn).not.toHaveBeenCalled();
    expect(await t.isActive("subj", ctx, new Event("go"))).toBe(true);
    expect(fn).toHaveBeenCalledWith("subj", ctx);
    ctx.set("ok", false);
    expect(await t.isActive("subj", ctx, new Event("go"))).toBe(false);
  });

  it("returns a Promise from isActive", () => {
    expect(new Transition(target).isActive({}, new Map())).toBeInstanceOf(Promise);
  });
});
