import {
  CallbackObserver,
  Event,
  Process,
  State,
  StatefulStatusChanger,
  Statemachine,
  Tautology,
  Transition,
  TransitionLogger,
} from "../src/index.js";
import { MemoryLogger } from "./support/helpers.js";

class Document {
  constructor(public state = "draft") {}
  getName(): string {
    return "Doc";
  }
  getCurrentStateName(): string {
    return this.state;
  }
  setCurrentStateName(name: string): void {
    this.state = name;
  }
}

describe("CallbackObserver", () => {
  it("spreads event invoke args and passes other subjects as-is", async () => {
    const cb = vi.fn();
    const observer = new CallbackObserver(cb);
    const event = new Event("e");
    event.attach(observer);
    await event.invoke("subject", "context");
    expect(cb).toHaveBeenLastCalledWith("subject", "context");
    const other = { attach() {}, detach() {}, notify: async () => {}, getObservers: () => [] };
    observer.update(other);
    expect(cb).toHaveBeenLastCalledWith(other);
  });

  it("returns the callback's result", async () => {
    const promise = Promise.resolve();
    expect(new CallbackObserver(() => promise).update(new Event("e"))).toBe(promise);
  });
});

describe("StatefulStatusChanger", () => {
  it("writes the new state name into the subject after a transition", async () => {
    const a = new State("draft");
    a.addTransition(new Transition(new State("published"), "publish"));
    const doc = new Document();
    const sm = new Statemachine(doc, new Process("p", a));
    sm.attach(new StatefulStatusChanger());
    await sm.triggerEvent("publish");
    expect(doc.state).toBe("published");
  });

  it("works when called directly and ignores non-stateful subjects and non-machines", () => {
    const doc = new Document("x");
    const changer = new StatefulStatusChanger();
    expect(changer.update(new Statemachine(doc, new Process("p", new State("draft"))))).toBeUndefined();
    expect(doc.state).toBe("draft");
    expect(() => changer.update(new Statemachine({}, new Process("p", new State("s"))))).not.toThrow();
    expect(() => changer.update(new Event("e"))).not.toThrow();
  });
});

describe("TransitionLogger", () => {
  it("logs a direct update on a fresh machine exactly", () => {
    const logger = new MemoryLogger();
    const initial = new State("stateName");
    const subject = { getName: () => "SubjectName" };
    const sm = new Statemachine(subject, new Process("p", initial));
    new TransitionLogger(logger).update(sm);
    expect(logger.entries).toEqual([
      {
        level: "info",
        message: 'Transition for "SubjectName" to "stateName"',
        context: { subject, currentState: initial, lastState: null, transition: null },
      },
    ]);
  });

  it("logs from, event and condition during a transition with a custom level", async () => {
    const logger = new MemoryLogger();
    const a = new State("a");
    const b = new State("b");
    const c = new State("c");
    const d = new State("d");
    a.addTransition(new Transition(b, "go", new Tautology("ok")));
    b.addTransition(new Transition(c, null, new Tautology("auto")));
    c.addTransition(new Transition(d));
    const sm = new Statemachine({}, new Process("p", a));
    sm.attach(new TransitionLogger(logger, "debug"));
    await sm.triggerEvent("go");
    expect(logger.entries.map((e) => [e.level, e.message])).toEqual([
      ["debug", 'Transition for "[object Object]" from "a" to "b" with event "go" condition "ok"'],
      ["debug", 'Transition for "[object Object]" from "b" to "c" with condition "auto"'],
      ["debug", 'Transition for "[object Object]" from "c" to "d"'],
    ]);
    expect(logger.entries[0].context!.lastState).toBe(a);
  });

  it("omits the subject part for null or undefined subjects and logs only event names", async () => {
    const logger = new MemoryLogger();
    const a = new State("a");
    a.addTransition(new Transition(new State("b"), "go"));
    const sm = new Statemachine(null, new Process("p", a));
    sm.attach(new TransitionLogger(logger));
    await sm.triggerEvent("go");
    expect(logger.entries[0].message).toBe('Transition from "a" to "b" with event "go"');
  });

  it("ignores non-machines", () => {
    const logger = new MemoryLogger();
    new TransitionLogger(logger).update(new Event("e"));
    expect(logger.entries).toEqual([]);
  });
});
