import {
  CallbackCondition,
  CallbackObserver,
  Dispatcher,
  Process,
  State,
  Statemachine,
  Transition,
  WrongEventForStateError,
  type StatemachineInterface,
} from "../src/index.js";
import { recorder, rejectionOf } from "./support/helpers.js";

const chain = () => {
  const [a, b, c] = ["a", "b", "c"].map((n) => new State(n));
  a.addTransition(new Transition(b, "go"));
  b.addTransition(new Transition(c));
  return { a, b, c, process: new Process("p", a) };
};

describe("Statemachine", () => {
  describe("construction and accessors", () => {
    it("starts at the initial state for a missing, null or empty name", () => {
      const { process } = chain();
      for (const name of [undefined, null, ""]) {
        expect(new Statemachine({}, process, name).getCurrentState().getName()).toBe("a");
      }
    });

    it("starts at a named state and throws for unknown names", () => {
      const { process } = chain();
      const subject = { id: 1 };
      const sm = new Statemachine(subject, process, "b");
      expect(sm.getCurrentState().getName()).toBe("b");
      expect(sm.getSubject()).toBe(subject);
      expect(sm.getProcess()).toBe(process);
      expect(() => new Statemachine({}, process, "nope")).toThrow('State "nope" not found');
    });

    it("has autorelease on and all transient fields null", () => {
      const sm = new Statemachine({}, chain().process);
      expect(sm.isAutoreleaseLock()).toBe(true);
      expect(sm.getLastState()).toBeNull();
      expect(sm.getSelectedTransition()).toBeNull();
      expect(sm.getCurrentContext()).toBeNull();
      expect(sm.isLockAcquired()).toBe(false);
    });
  });

  describe("triggerEvent", () => {
    it("follows the event and then chained automatic transitions", async () => {
      const sm = new Statemachine({}, chain().process);
      const seen: string[] = [];
      sm.attach({
        update: (s) => {
          const m = s as StatemachineInterface;
          seen.push(
            `${m.getLastState()?.getName()}>${m.getCurrentState().getName()} ${m.getSelectedTransition()?.getEventName()}`,
          );
        },
      });
      await sm.triggerEvent("go");
      expect(sm.getCurrentState().getName()).toBe("c");
      expect(seen).toEqual(["a>b go", "b>c null"]);
      expect(sm.getLastState()).toBeNull();
      expect(sm.getSelectedTransition()).toBeNull();
      expect(sm.getCurrentContext()).toBeNull();
    });

    it("throws WrongEventForStateError for an event missing on the current state", async () => {
      const sm = new Statemachine({}, chain().process, "b");
      const error = await rejectionOf(sm.triggerEvent("go"));
      expect(error).toBeInstanceOf(WrongEventForStateError);
      expect(error.message).toBe('Current state "b" doesn\'t have event "go"');
      expect(sm.getCurrentState().getName()).toBe("b");
    });

    it("passes the same context Map to event observers and conditions, which see observer changes", async () => {
      const a = new State("a");
      const b = new State("b");
      const seen: Map<string, unknown>[] = [];
      a.addTransition(
        new Transition(
          b,
          "go",
          new CallbackCondition("flag", (_s, ctx) => {
            seen.push(ctx);
            return ctx.get("flag") === true;
          }),
        ),
      );
      const subject = { n: 1 };
      a.getEvent("go").attach(
        new CallbackObserver((s, ctx) => {
          expect(s).toBe(subject);
          (ctx as Map<string, unknown>).set("flag", true);
        }),
      );
      const sm = new Statemachine(subject, new Process("p", a));
      const context = new Map<string, unknown>();
      await sm.triggerEvent("go", context);
      expect(seen[0]).toBe(context);
      expect(sm.getCurrentState()).toBe(b);
    });

    it("creates a fresh Map when no context is given", async () => {
      const a = new State("a");
      let seen: unknown;
      a.addTransition(
        new Transition(new State("b"), "go", new CallbackCondition("c", (_s, ctx) => ((seen = ctx), true))),
      );
      await new Statemachine({}, new Process("p", a)).triggerEvent("go");
      expect(seen).toBeInstanceOf(Map);
    });

    it("runs event observers before any condition and exposes the context meanwhile", async () => {
      const a = new State("a");
      const log: string[] = [];
      a.addTransition(
        new Transition(new State("b"), "go", new CallbackCondition("c", () => (log.push("condition"), true))),
      );
      const process = new Process("p", a);
      const sm = new Statemachine({}, process);
      const ctx = new Map<string, unknown>();
      a.getEvent("go").attach(recorder(log, "event", () => expect(sm.getCurrentContext()).toBe(ctx)));
      await sm.triggerEvent("go", ctx);
      expect(log).toEqual(["event", "condition"]);
    });

    it("resolves silently when no transition is active, after firing event observers", async () => {
      const a = new State("a");
      a.addTransition(new Transition(new State("b"), "go", new CallbackCondition("never", () => false)));
      const log: string[] = [];
      a.getEvent("go").attach(recorder(log, "event"));
      const sm = new Statemachine({}, new Process("p", a));
      sm.attach(recorder(log, "machine"));
      await sm.triggerEvent("go");
      expect(sm.getCurrentState()).toBe(a);
      expect(log).toEqual(["event"]);
    });

    it("fires observers of an event with no transitions and changes nothing", async () => {
      const a = new State("a");
      const cb = vi.fn();
      a.getEvent("ping").attach(new CallbackObserver(cb));
      const sm = new Statemachine({}, new Process("p", a));
      await sm.triggerEvent("ping");
      expect(cb).toHaveBeenCalledTimes(1);
      expect(sm.getCurrentState()).toBe(a);
    });

    it("treats an event self-transition as a no-op for machine observers", async () => {
      const a = new State("a");
      a.addTransition(new Transition(a, "stay"));
      const log: string[] = [];
      a.getEvent("stay").attach(recorder(log, "event"));
      const sm = new Statemachine({}, new Process("p", a));
      sm.attach(recorder(log, "machine"));
      await sm.triggerEvent("stay");
      await sm.triggerEvent("stay");
      expect(log).toEqual(["event", "event"]);
      expect(sm.getCurrentState()).toBe(a);
    });

    it("propagates an event observer error unwrapped and stays usable", async () => {
      const { a, process } = chain();
      let fail = true;
      a.getEvent("go").attach({
        update: () => {
          if (fail) throw new Error("observer failed");
        },
      });
      const sm = new Statemachine({}, process);
      const error = await rejectionOf(sm.triggerEvent("go"));
      expect(error.message).toBe("observer failed");
      expect(error.cause).toBeUndefined();
      expect(sm.getCurrentState()).toBe(a);
      expect(sm.getCurrentContext()).toBeNull();
      fail = false;
      await sm.triggerEvent("go");
      expect(sm.getCurrentState().getName()).toBe("c");
    });

    it("notifies machine observers in attach order, once each", async () => {
      const { process } = chain();
      const sm = new Statemachine({}, process);
      const log: string[] = [];
      const first = recorder(log, "1");
      sm.attach(first);
      sm.attach(recorder(log, "2"));
      sm.attach(first);
      expect([...sm.getObservers()]).toHaveLength(2);
      await sm.triggerEvent("go");
      expect(log).toEqual(["1", "2", "1", "2"]);
      sm.detach(first);
      expect([...sm.getObservers()]).toHaveLength(1);
    });

    it("passes the machine itself to machine observers; notify() works directly", async () => {
      const sm = new Statemachine({}, chain().process);
      const seen: unknown[] = [];
      sm.attach({ update: (s) => void seen.push(s) });
      await sm.notify();
      expect(seen).toEqual([sm]);
    });

    it("throws the default selector's error wrapped when two transitions are active", async () => {
      const a = new State("a");
      a.addTransition(new Transition(new State("b"), "go"));
      a.addTransition(new Transition(new State("c"), "go"));
      const sm = new Statemachine({ getName: () => "Subj" }, new Process("p", a));
      const error = await rejectionOf(sm.triggerEvent("go"));
      expect(error.message).toBe(
        'Exception was thrown when doing a transition from current state "a" for "Subj"',
      );
      expect((error.cause as Error).message).toBe("More than one transition is active!");
      expect(sm.getSelectedTransition()).toBeNull();
    });
  });

  describe("checkTransitions", () => {
    it("follows only automatic transitions", async () => {
      const { process } = chain();
      const sm = new Statemachine({}, process);
      await sm.checkTransitions();
      expect(sm.getCurrentState().getName()).toBe("a");
      const atB = new Statemachine({}, process, "b");
      await atB.checkTransitions(new Map());
      expect(atB.getCurrentState().getName()).toBe("c");
    });

    it("passes the given context to conditions", async () => {
      const a = new State("a");
      a.addTransition(
        new Transition(
          new State("b"),
          null,
          new CallbackCondition("ready", (_s, c) => c.get("ready") === true),
        ),
      );
      const sm = new Statemachine({}, new Process("p", a));
      await sm.checkTransitions(new Map([["ready", false]]));
      expect(sm.getCurrentState().getName()).toBe("a");
      await sm.checkTransitions(new Map([["ready", true]]));
      expect(sm.getCurrentState().getName()).toBe("b");
    });

    it("exposes the context to machine observers during notification", async () => {
      const { process } = chain();
      const sm = new Statemachine({}, process, "b");
      const ctx = new Map<string, unknown>();
      let seen: unknown;
      sm.attach({ update: (s) => void (seen = (s as StatemachineInterface).getCurrentContext()) });
      await sm.checkTransitions(ctx);
      expect(seen).toBe(ctx);
      expect(sm.getCurrentContext()).toBeNull();
    });
  });

  describe("dispatchEvent", () => {
    it("defers the state change until the dispatcher is invoked, across machines", async () => {
      const { process } = chain();
      const one = new Statemachine({}, process);
      const two = new Statemachine({}, process);
      const dispatcher = new Dispatcher();
      await one.dispatchEvent(dispatcher, "go");
      await two.dispatchEvent(dispatcher, "go");
      expect(one.getCurrentState().getName()).toBe("a");
      await dispatcher.invoke();
      expect(one.getCurrentState().getName()).toBe("c");
      expect(two.getCurrentState().getName()).toBe("c");
      expect(one.isLockAcquired()).toBe(false);
    });

    it("rejects a second dispatch while one is pending", async () => {
      const { process } = chain();
      const sm = new Statemachine({}, process);
      const dispatcher = new Dispatcher();
      await sm.dispatchEvent(dispatcher, "go");
      await expect(sm.dispatchEvent(new Dispatcher(), "go")).rejects.toThrow(
        "Event dispatching is still running!",
      );
      await dispatcher.invoke();
      expect(sm.getCurrentState().getName()).toBe("c");
    });

    it("lets a rejected triggerEvent drop the pending manual dispatch, which can still be invoked", async () => {
      const { process } = chain();
      const sm = new Statemachine({}, process);
      const dispatcher = new Dispatcher();
      await sm.dispatchEvent(dispatcher, "go");
      await expect(sm.triggerEvent("go")).rejects.toThrow("Event dispatching is still running!");
      expect(sm.getCurrentContext()).toBeNull();
      await dispatcher.invoke();
      expect(sm.getCurrentState().getName()).toBe("c");
    });

    it("rejects an already-invoked dispatcher, releases the lock and stays usable", async () => {
      const { process } = chain();
      const sm = new Statemachine({}, process);
      const used = new Dispatcher();
      await used.invoke();
      await expect(sm.dispatchEvent(used, "go")).rejects.toThrow("Was already invoked!");
      expect(sm.isLockAcquired()).toBe(false);
      expect(sm.getCurrentContext()).toBeNull();
      await sm.triggerEvent("go");
      expect(sm.getCurrentState().getName()).toBe("c");
    });

    it("throws WrongEventForStateError before touching the dispatcher", async () => {
      const sm = new Statemachine({}, chain().process);
      await expect(sm.dispatchEvent(new Dispatcher(), "missing")).rejects.toBeInstanceOf(
        WrongEventForStateError,
      );
    });
  });
});
