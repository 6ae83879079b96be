import {
  AbstractNamedProcessDetector,
  CallbackCondition,
  Factory,
  MutexFactory,
  Not,
  NullMutex,
  Process,
  ScoreTransition,
  SingleProcessDetector,
  State,
  StatefulStateNameDetector,
  StatefulStatusChanger,
  Transition,
  TransitionLogger,
  type LockAdapterInterface,
  type MutexInterface,
  type ProcessInterface,
  type StatefulInterface,
} from "../src/index.js";
import { MemoryLogger, StrictMutex } from "./support/helpers.js";

class Order implements StatefulInterface {
  constructor(
    readonly kind: string,
    readonly amount: number,
    private state = "new",
  ) {}
  getCurrentStateName(): string {
    return this.state;
  }
  setCurrentStateName(name: string): void {
    this.state = name;
  }
}

const orderProcess = (name = "order") => {
  const states = Object.fromEntries(["new", "review", "approved", "rejected"].map((n) => [n, new State(n)]));
  const canApprove = new CallbackCondition<Order>("canApprove", (o) => o.amount <= 1000);
  states.new.addTransition(new Transition(states.review, "submit"));
  states.review.addTransition(new Transition<Order>(states.approved, "review", canApprove));
  states.review.addTransition(new Transition<Order>(states.rejected, "review", new Not(canApprove)));
  return new Process(name, states.new);
};

class KindDetector extends AbstractNamedProcessDetector<Order> {
  protected detectProcessName(subject: Order): string {
    return subject.kind;
  }
}

describe("Factory", () => {
  it("routes an order by amount (500 approved, 2000 rejected)", async () => {
    const factory = new Factory<Order>(
      new SingleProcessDetector(orderProcess()),
      new StatefulStateNameDetector(),
    );
    factory.attachStatemachineObserver(new StatefulStatusChanger());
    for (const [amount, expected] of [
      [500, "approved"],
      [2000, "rejected"],
    ] as const) {
      const order = new Order("order", amount, "review");
      const sm = await factory.createStatemachine(order);
      expect(sm.getCurrentState().getName()).toBe("review");
      await sm.triggerEvent("review");
      expect(order.getCurrentStateName()).toBe(expected);
    }
  });

  it("follows detect process, detect state, create mutex, construct, attach observers", async () => {
    const calls: string[] = [];
    const process = orderProcess();
    const mutex = new StrictMutex();
    const factory = new Factory<Order>(
      { detectProcess: () => (calls.push("process"), process) },
      { detectCurrentStateName: () => (calls.push("state"), "review") },
    );
    factory.setMutexFactory({ createMutex: async () => (calls.push("mutex"), mutex) });
    const selector = new ScoreTransition<Order>();
    factory.setTransitionSelector(selector);
    const logger = new TransitionLogger(new MemoryLogger());
    const changer = new StatefulStatusChanger();
    factory.attachStatemachineObserver(logger);
    factory.attachStatemachineObserver(changer);
    expect([...factory.getStatemachineObservers()]).toEqual([logger, changer]);
    const sm = await factory.createStatemachine(new Order("order", 1));
    expect(calls).toEqual(["process", "state", "mutex"]);
    expect(sm.getProcess()).toBe(process);
    expect(sm.getCurrentState().getName()).toBe("review");
    expect([...sm.getObservers()]).toEqual([logger, changer]);
    await sm.acquireLock();
    expect(mutex.acquireCalls).toBe(1);
    factory.detachStatemachineObserver(logger);
    expect([...factory.getStatemachineObservers()]).toEqual([changer]);
  });

  it("defaults to the initial state, NullMutex and no observers", async () => {
    const factory = new Factory<Order>(new SingleProcessDetector(orderProcess()));
    const sm = await factory.createStatemachine(new Order("order", 1, "review"));
    expect(sm.getCurrentState().getName()).toBe("new");
    expect([...sm.getObservers()]).toEqual([]);
    expect(await sm.acquireLock()).toBe(true);
    factory.setMutexFactory(null);
  });

  it("uses a MutexFactory with a lock adapter", async () => {
    const adapter: LockAdapterInterface = {
      acquireLock: vi.fn(() => true),
      releaseLock: () => true,
      isLocked: () => false,
    };
    const factory = new Factory<Order>(new SingleProcessDetector(orderProcess()));
    factory.setMutexFactory(new MutexFactory<Order>(adapter, (o) => `order-${o.amount}`));
    const sm = await factory.createStatemachine(new Order("order", 9));
    await sm.triggerEvent("submit");
    expect(adapter.acquireLock).toHaveBeenCalledWith("order-9");
  });
});

describe("process detectors", () => {
  it("SingleProcessDetector always returns its process", () => {
    const p = orderProcess();
    expect(new SingleProcessDetector(p).detectProcess({})).toBe(p);
  });

  it("AbstractNamedProcessDetector looks processes up by name and overwrites duplicates", () => {
    const detector = new KindDetector();
    const first = orderProcess("order");
    const second = orderProcess("order");
    detector.addProcess(first);
    expect(detector.hasProcess("order")).toBe(true);
    expect(detector.detectProcess(new Order("order", 1))).toBe(first);
    detector.addProcess(second);
    expect(detector.detectProcess(new Order("order", 1))).toBe(second);
    expect(detector.hasProcess("refund")).toBe(false);
    expect(() => detector.detectProcess(new Order("refund", 1))).toThrow('Process "refund" not found');
  });

  it("StatefulStateNameDetector reads the state name or throws", () => {
    const detector = new StatefulStateNameDetector();
    expect(detector.detectCurrentStateName(new Order("o", 1, "review"))).toBe("review");
    expect(() => detector.detectCurrentStateName({} as StatefulInterface)).toThrow(
      "Subject has to implement the StatefulInterface!",
    );
  });
});

describe("Factory types", () => {
  it("accepts interfaces for collaborators", async () => {
    const process: ProcessInterface = orderProcess();
    const m: MutexInterface = new NullMutex();
    const factory = new Factory<Order>(new SingleProcessDetector<Order>(process));
    factory.setMutexFactory({ createMutex: () => m });
    factory.setTransitionSelector(null);
    expect((await factory.createStatemachine(new Order("o", 1))).getCurrentState().getName()).toBe("new");
  });
});
