import {
  NullMutex,
  Process,
  ScoreTransition,
  State,
  Statemachine,
  Transition,
  type StatemachineOptions,
} from "../src/index.js";
import { StrictMutex } from "./support/helpers.js";

const process = () => {
  const opened = new State("opened");
  const closed = new State("closed");
  opened.addTransition(new Transition(closed, "close"));
  return new Process("door", opened);
};

describe("Statemachine constructor forms", () => {
  it("accepts the 2.x positional form (state name, selector, mutex)", async () => {
    const mutex = new StrictMutex();
    const sm = new Statemachine({}, process(), "closed", new ScoreTransition(), mutex);
    expect(sm.getCurrentState().getName()).toBe("closed");
    expect(sm.isAutoreleaseLock()).toBe(true);
    expect(sm.getMaxAutomaticHops()).toBe(Infinity);
    await sm.acquireLock();
    expect(mutex.acquireCalls).toBe(1);
  });

  it("accepts the v3-style options object", async () => {
    const mutex = new StrictMutex();
    const sm = new Statemachine({}, process(), {
      initialStateName: "opened",
      transitionSelector: new ScoreTransition(),
      mutex,
      autoreleaseLock: false,
      maxAutomaticHops: 5,
    });
    expect(sm.getCurrentState().getName()).toBe("opened");
    expect(sm.isAutoreleaseLock()).toBe(false);
    expect(sm.getMaxAutomaticHops()).toBe(5);
    await sm.triggerEvent("close");
    expect(sm.getCurrentState().getName()).toBe("closed");
    expect(mutex.acquired).toBe(true);
  });

  it("defaults every option", () => {
    const withEmpty = new Statemachine({}, process(), {});
    const options: StatemachineOptions = { initialStateName: null, mutex: null, transitionSelector: null };
    const withNulls = new Statemachine({}, process(), options);
    for (const sm of [withEmpty, withNulls, new Statemachine({}, process())]) {
      expect(sm.getCurrentState().getName()).toBe("opened");
      expect(sm.isAutoreleaseLock()).toBe(true);
    }
    expect(withEmpty.getMaxAutomaticHops()).toBe(100);
    expect(() => new Statemachine({}, process(), { initialStateName: "x" })).toThrow('State "x" not found');
    expect(() => new Statemachine({}, process(), { maxAutomaticHops: -1 })).toThrow(RangeError);
  });

  it("treats undefined positional arguments like the defaults", async () => {
    const sm = new Statemachine({}, process(), undefined, undefined, new NullMutex());
    await sm.triggerEvent("close");
    expect(sm.getCurrentState().getName()).toBe("closed");
  });

  describe("maxAutomaticHops", () => {
    const automaticChain = (length: number) => {
      const states = Array.from({ length }, (_, i) => new State(`s${i}`));
      states.slice(1).forEach((s, i) => states[i].addTransition(new Transition(s)));
      return new Process("chain", states[0]);
    };

    it("limits long acyclic automatic chains in the options form", async () => {
      const sm = new Statemachine({}, automaticChain(5), { maxAutomaticHops: 3 });
      const error = await sm.checkTransitions().catch((e: Error) => e);
      let root = error as Error;
      while (root.cause instanceof Error) root = root.cause;
      expect(root.message).toBe(
        "Automatic transition limit exceeded: more than 3 automatic transitions in one operation",
      );
      expect(sm.getCurrentState().getName()).toBe("s3");
      const enough = new Statemachine({}, automaticChain(5), { maxAutomaticHops: 4 });
      await enough.checkTransitions();
      expect(enough.getCurrentState().getName()).toBe("s4");
    });

    it("does not limit the positional form and never replaces cycle detection", async () => {
      const sm = new Statemachine({}, automaticChain(150), null);
      await sm.checkTransitions();
      expect(sm.getCurrentState().getName()).toBe("s149");

      const s1 = new State("s1");
      const s2 = new State("s2");
      s1.addTransition(new Transition(s2));
      s2.addTransition(new Transition(s1));
      const limited = new Statemachine({}, new Process("p", s1), { maxAutomaticHops: 1 });
      const error = (await limited.checkTransitions().catch((e: Error) => e)) as Error;
      let root = error;
      while (root.cause instanceof Error) root = root.cause;
      expect(root.message).toContain('Automatic transition cycle detected: state "s1"');
    });
  });
});
