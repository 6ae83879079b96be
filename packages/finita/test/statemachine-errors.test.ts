import { CallbackCondition, Process, State, Statemachine, Transition } from "../src/index.js";
import { causeChain, rejectionOf, StrictMutex } from "./support/helpers.js";

const states = (...names: string[]) => names.map((n) => new State(n));
const cycleText = (name: string) =>
  `Automatic transition cycle detected: state "${name}" was already visited — this would cause infinite recursion`;
const wrapperText = (name: string) =>
  `Exception was thrown when doing a transition from current state "${name}"`;

describe("Statemachine cycle detection and error wrapping", () => {
  it("throws for an automatic self-loop via checkTransitions, wrapped once", async () => {
    const [s1] = states("s1");
    s1.addTransition(new Transition(s1));
    const sm = new Statemachine({}, new Process("p", s1));
    const error = await rejectionOf(sm.checkTransitions());
    expect(error.message).toContain('transition from current state "s1"');
    expect(error.message).toBe(wrapperText("s1"));
    expect((error.cause as Error).message).toBe(cycleText("s1"));
    expect(Object.getPrototypeOf(error.cause)).toBe(Error.prototype);
  });

  it("names s2 for an automatic self-loop on s2 reached by an event", async () => {
    const [s1, s2] = states("s1", "s2");
    s1.addTransition(new Transition(s2, "go"));
    s2.addTransition(new Transition(s2));
    const sm = new Statemachine({}, new Process("p", s1));
    const error = await rejectionOf(sm.triggerEvent("go"));
    expect(error.message).toBe(wrapperText("s2"));
    const chain = causeChain(error);
    expect(chain.at(-1)!.message).toBe(cycleText("s2"));
    expect(sm.getCurrentState()).toBe(s2);
  });

  it("names s1 as the root cause of an s1<->s2 automatic cycle, with nested causes", async () => {
    const [s1, s2] = states("s1", "s2");
    s1.addTransition(new Transition(s2));
    s2.addTransition(new Transition(s1));
    const sm = new Statemachine({}, new Process("p", s1));
    const error = await rejectionOf(sm.checkTransitions());
    const chain = causeChain(error);
    expect(chain.map((e) => e.message)).toEqual([wrapperText("s2"), wrapperText("s2"), cycleText("s1")]);
    expect(sm.getCurrentState()).toBe(s2);
  });

  it("ends in s3 for an automatic 3-cycle whose root cause names s1", async () => {
    const [s1, s2, s3] = states("s1", "s2", "s3");
    s1.addTransition(new Transition(s2));
    s2.addTransition(new Transition(s3));
    s3.addTransition(new Transition(s1));
    const sm = new Statemachine({}, new Process("p", s1));
    const error = await rejectionOf(sm.checkTransitions());
    const chain = causeChain(error);
    expect(chain).toHaveLength(4);
    expect(chain.at(-1)!.message).toBe(cycleText("s1"));
    expect(sm.getCurrentState()).toBe(s3);
  });

  it("names s2 for an event followed by an automatic s2<->s3 cycle", async () => {
    const [s1, s2, s3] = states("s1", "s2", "s3");
    s1.addTransition(new Transition(s2, "go"));
    s2.addTransition(new Transition(s3));
    s3.addTransition(new Transition(s2));
    const sm = new Statemachine({}, new Process("p", s1));
    const error = await rejectionOf(sm.triggerEvent("go"));
    expect(causeChain(error).at(-1)!.message).toBe(cycleText("s2"));
  });

  it("releases the lock after a cycle error and leaves transient fields null", async () => {
    const [s1] = states("s1");
    s1.addTransition(new Transition(s1));
    const mutex = new StrictMutex();
    const sm = new Statemachine({}, new Process("p", s1), null, null, mutex);
    await expect(sm.checkTransitions()).rejects.toThrow();
    expect(mutex.acquired).toBe(false);
    expect(mutex.releaseCalls).toBe(1);
    expect(sm.getSelectedTransition()).toBeNull();
    expect(sm.getLastState()).toBeNull();
    expect(sm.getCurrentContext()).toBeNull();
  });

  it("allows an event-based self-loop", async () => {
    const [s1] = states("s1");
    s1.addTransition(new Transition(s1, "again"));
    const sm = new Statemachine({}, new Process("p", s1));
    await sm.triggerEvent("again");
    await sm.triggerEvent("again");
    expect(sm.getCurrentState()).toBe(s1);
  });

  it("does not carry the visited set between operations", async () => {
    const [s1, s2] = states("s1", "s2");
    s1.addTransition(
      new Transition(s2, null, new CallbackCondition("fwd", (_s, c) => c.get("dir") === "fwd")),
    );
    s2.addTransition(
      new Transition(s1, null, new CallbackCondition("back", (_s, c) => c.get("dir") === "back")),
    );
    const sm = new Statemachine({}, new Process("p", s1));
    await sm.checkTransitions(new Map([["dir", "fwd"]]));
    await sm.checkTransitions(new Map([["dir", "back"]]));
    await sm.checkTransitions(new Map([["dir", "fwd"]]));
    expect(sm.getCurrentState()).toBe(s2);
  });

  it("wraps an observer error with the new state name and the subject name", async () => {
    const [a, b] = states("a", "b");
    a.addTransition(new Transition(b, "go"));
    const sm = new Statemachine({ getName: () => "Subj" }, new Process("p", a));
    sm.attach({
      update: () => {
        throw new Error("boom");
      },
    });
    const error = await rejectionOf(sm.triggerEvent("go"));
    expect(error.message).toBe(
      'Exception was thrown when doing a transition from current state "b" for "Subj"',
    );
    expect((error.cause as Error).message).toBe("boom");
    expect(sm.getCurrentState()).toBe(b);
    expect(sm.isLockAcquired()).toBe(false);
    expect(sm.getLastState()).toBeNull();
    expect(sm.getSelectedTransition()).toBeNull();
    expect(sm.getCurrentContext()).toBeNull();
  });

  it("wraps a condition error and omits the subject part for subjects without getName", async () => {
    const [a, b] = states("a", "b");
    a.addTransition(
      new Transition(
        b,
        "go",
        new CallbackCondition("bad", () => {
          throw new TypeError("bad condition");
        }),
      ),
    );
    for (const subject of [undefined, null, { getName: "not a function" }]) {
      const sm = new Statemachine(subject, new Process("p", a));
      const error = await rejectionOf(sm.triggerEvent("go"));
      expect(error.message).toBe(wrapperText("a"));
      expect(error.cause).toBeInstanceOf(TypeError);
    }
  });

  it("wraps a selector error from checkTransitions", async () => {
    const [s1, s2, s3] = states("s1", "s2", "s3");
    s1.addTransition(new Transition(s2));
    s1.addTransition(new Transition(s3));
    const sm = new Statemachine({ getName: () => "Subj" }, new Process("p", s1));
    const error = await rejectionOf(sm.checkTransitions());
    expect(error.message).toBe(`${wrapperText("s1")} for "Subj"`);
    expect((error.cause as Error).message).toBe("More than one transition is active!");
  });
});
