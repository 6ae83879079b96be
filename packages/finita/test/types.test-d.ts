import {
  CallbackCondition,
  Factory,
  Not,
  NullMutex,
  OneOrNoneActiveTransition,
  Process,
  SingleProcessDetector,
  State,
  StatefulStateNameDetector,
  Statemachine,
  Timeout,
  Transition,
  type ConditionCallbackFn,
  type ConditionInterface,
  type MaybePromise,
  type StatefulInterface,
  type StatemachineInterface,
  type StatemachineOptions,
  type StateNameDetectorInterface,
  type TransitionInterface,
} from "../src/index.js";

interface Order {
  id: string;
  amount: number;
}

interface Article extends StatefulInterface {
  title: string;
}

describe("finita types", () => {
  it("types condition callbacks with the subject", () => {
    const fn: ConditionCallbackFn<Order> = (order, context) => {
      expectTypeOf(order).toEqualTypeOf<Order>();
      expectTypeOf(context).toEqualTypeOf<Map<string, unknown>>();
      return order.amount > 100;
    };
    expectTypeOf(fn).returns.toEqualTypeOf<MaybePromise<boolean>>();
    expectTypeOf<ConditionCallbackFn<Order>>().parameters.toEqualTypeOf<[Order, Map<string, unknown>]>();
    const condition = new CallbackCondition<Order>("big", fn);
    expectTypeOf(condition).toMatchTypeOf<ConditionInterface<Order>>();
    // @ts-expect-error the subject must be an Order
    new CallbackCondition<Order>("bad", (order: { other: boolean }) => order.other);
  });

  it("accepts typed conditions and transitions where untyped ones are expected", () => {
    const condition: ConditionInterface<Order> = new Not<Order>(
      new CallbackCondition<Order>("c", (o) => o.amount > 0),
    );
    const transition = new Transition<Order>(new State("paid"), "pay", condition);
    expectTypeOf(transition).toMatchTypeOf<TransitionInterface<Order>>();
    const asInterface: TransitionInterface<Order> = transition;
    const state = new State("new");
    state.addTransition(transition);
    state.addTransition(asInterface);
    expectTypeOf(state.addTransition).parameter(0).toEqualTypeOf<TransitionInterface>();
    const timeout: ConditionInterface<Order> = new Timeout(1000);
    expectTypeOf(timeout.checkCondition).returns.toEqualTypeOf<MaybePromise<boolean>>();
  });

  it("compiles a Factory<Article> with the StatefulStateNameDetector", () => {
    const process = new Process("article", new State("draft"));
    const factory = new Factory<Article>(
      new SingleProcessDetector<Article>(process),
      new StatefulStateNameDetector(),
    );
    expectTypeOf(factory.createStatemachine).returns.resolves.toMatchTypeOf<StatemachineInterface<Article>>();
    const detector: StateNameDetectorInterface<Article> = new StatefulStateNameDetector();
    expectTypeOf(detector.detectCurrentStateName).returns.toEqualTypeOf<string | null>();
  });

  it("accepts both Statemachine constructor forms", () => {
    const process = new Process("order", new State("new"));
    const order: Order = { id: "1", amount: 5 };
    const positional = new Statemachine(order, process, "new");
    const positionalFull = new Statemachine<Order>(
      order,
      process,
      null,
      new OneOrNoneActiveTransition<Order>(),
      new NullMutex(),
    );
    const options = new Statemachine(order, process, { initialStateName: "new" });
    const empty = new Statemachine(order, process);
    const fullOptions: StatemachineOptions<Order> = {
      initialStateName: "new",
      transitionSelector: new OneOrNoneActiveTransition<Order>(),
      mutex: new NullMutex(),
      autoreleaseLock: false,
      maxAutomaticHops: 10,
    };
    new Statemachine(order, process, fullOptions);
    expectTypeOf(positional).toEqualTypeOf<Statemachine<Order>>();
    expectTypeOf(positionalFull.getSubject()).toEqualTypeOf<Order>();
    expectTypeOf(options.getSubject()).toEqualTypeOf<Order>();
    expectTypeOf(empty).toMatchTypeOf<StatemachineInterface<Order>>();
    // @ts-expect-error options are not combined with positional selector arguments
    new Statemachine(order, process, { initialStateName: "new" }, new OneOrNoneActiveTransition());
    // @ts-expect-error unknown option
    new Statemachine(order, process, { initialState: "new" });
  });
});
