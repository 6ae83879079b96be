import type * as finita from "../src/index.js";
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

// Which classes and interfaces are generic (default `unknown`) and which are not.
describe("finita generics", () => {
  it("makes the specified classes and interfaces generic, defaulting to unknown", () => {
    expectTypeOf<finita.Transition>().toEqualTypeOf<finita.Transition<unknown>>();
    expectTypeOf<finita.Transition<Order>>().not.toBeAny();
    expectTypeOf<finita.Statemachine>().toEqualTypeOf<finita.Statemachine<unknown>>();
    expectTypeOf<finita.Statemachine<Order>>().not.toBeAny();
    expectTypeOf<finita.CallbackCondition>().toEqualTypeOf<finita.CallbackCondition<unknown>>();
    expectTypeOf<finita.CallbackCondition<Order>>().not.toBeAny();
    expectTypeOf<finita.AndComposite>().toEqualTypeOf<finita.AndComposite<unknown>>();
    expectTypeOf<finita.AndComposite<Order>>().not.toBeAny();
    expectTypeOf<finita.OrComposite>().toEqualTypeOf<finita.OrComposite<unknown>>();
    expectTypeOf<finita.OrComposite<Order>>().not.toBeAny();
    expectTypeOf<finita.Not>().toEqualTypeOf<finita.Not<unknown>>();
    expectTypeOf<finita.Not<Order>>().not.toBeAny();
    expectTypeOf<finita.Factory>().toEqualTypeOf<finita.Factory<unknown>>();
    expectTypeOf<finita.Factory<Order>>().not.toBeAny();
    expectTypeOf<finita.SingleProcessDetector>().toEqualTypeOf<finita.SingleProcessDetector<unknown>>();
    expectTypeOf<finita.SingleProcessDetector<Order>>().not.toBeAny();
    expectTypeOf<finita.AbstractNamedProcessDetector>().toEqualTypeOf<
      finita.AbstractNamedProcessDetector<unknown>
    >();
    expectTypeOf<finita.AbstractNamedProcessDetector<Order>>().not.toBeAny();
    expectTypeOf<finita.OneOrNoneActiveTransition>().toEqualTypeOf<
      finita.OneOrNoneActiveTransition<unknown>
    >();
    expectTypeOf<finita.OneOrNoneActiveTransition<Order>>().not.toBeAny();
    expectTypeOf<finita.ScoreTransition>().toEqualTypeOf<finita.ScoreTransition<unknown>>();
    expectTypeOf<finita.ScoreTransition<Order>>().not.toBeAny();
    expectTypeOf<finita.WeightTransition>().toEqualTypeOf<finita.WeightTransition<unknown>>();
    expectTypeOf<finita.WeightTransition<Order>>().not.toBeAny();
    expectTypeOf<finita.MutexFactory>().toEqualTypeOf<finita.MutexFactory<unknown>>();
    expectTypeOf<finita.MutexFactory<Order>>().not.toBeAny();
    expectTypeOf<finita.ConditionInterface>().toEqualTypeOf<finita.ConditionInterface<unknown>>();
    expectTypeOf<finita.TransitionInterface>().toEqualTypeOf<finita.TransitionInterface<unknown>>();
    expectTypeOf<finita.StatemachineInterface>().toEqualTypeOf<finita.StatemachineInterface<unknown>>();
    expectTypeOf<finita.MutexFactoryInterface>().toEqualTypeOf<finita.MutexFactoryInterface<unknown>>();
    expectTypeOf<finita.TransitionSelectorInterface>().toEqualTypeOf<
      finita.TransitionSelectorInterface<unknown>
    >();
    expectTypeOf<finita.ProcessDetectorInterface>().toEqualTypeOf<finita.ProcessDetectorInterface<unknown>>();
    expectTypeOf<finita.StateNameDetectorInterface>().toEqualTypeOf<
      finita.StateNameDetectorInterface<unknown>
    >();
    expectTypeOf<finita.FactoryInterface>().toEqualTypeOf<finita.FactoryInterface<unknown>>();
    expectTypeOf<finita.ConditionCallbackFn>().toEqualTypeOf<finita.ConditionCallbackFn<unknown>>();
    expectTypeOf<finita.StringConverter>().toEqualTypeOf<finita.StringConverter<unknown>>();
  });

  it("keeps the other classes non-generic", () => {
    // @ts-expect-error State is not generic
    expectTypeOf<finita.State<Order>>().toBeAny();
    // @ts-expect-error Event is not generic
    expectTypeOf<finita.Event<Order>>().toBeAny();
    // @ts-expect-error Process is not generic
    expectTypeOf<finita.Process<Order>>().toBeAny();
    // @ts-expect-error StateCollection is not generic
    expectTypeOf<finita.StateCollection<Order>>().toBeAny();
    // @ts-expect-error Dispatcher is not generic
    expectTypeOf<finita.Dispatcher<Order>>().toBeAny();
    // @ts-expect-error Tautology is not generic
    expectTypeOf<finita.Tautology<Order>>().toBeAny();
    // @ts-expect-error Contradiction is not generic
    expectTypeOf<finita.Contradiction<Order>>().toBeAny();
    // @ts-expect-error Timeout is not generic
    expectTypeOf<finita.Timeout<Order>>().toBeAny();
    // @ts-expect-error CallbackObserver is not generic
    expectTypeOf<finita.CallbackObserver<Order>>().toBeAny();
    // @ts-expect-error StatefulStatusChanger is not generic
    expectTypeOf<finita.StatefulStatusChanger<Order>>().toBeAny();
    // @ts-expect-error OnEnterObserver is not generic
    expectTypeOf<finita.OnEnterObserver<Order>>().toBeAny();
    // @ts-expect-error TransitionLogger is not generic
    expectTypeOf<finita.TransitionLogger<Order>>().toBeAny();
    // @ts-expect-error NullMutex is not generic
    expectTypeOf<finita.NullMutex<Order>>().toBeAny();
    // @ts-expect-error LockAdapterMutex is not generic
    expectTypeOf<finita.LockAdapterMutex<Order>>().toBeAny();
    // @ts-expect-error StatefulStateNameDetector is not generic
    expectTypeOf<finita.StatefulStateNameDetector<Order>>().toBeAny();
    // @ts-expect-error GraphBuilder is not generic
    expectTypeOf<finita.GraphBuilder<Order>>().toBeAny();
    // @ts-expect-error SetupHelper is not generic
    expectTypeOf<finita.SetupHelper<Order>>().toBeAny();
    // @ts-expect-error StateCollectionMerger is not generic
    expectTypeOf<finita.StateCollectionMerger<Order>>().toBeAny();
  });

  it("exports the specified type-only names", () => {
    expectTypeOf<finita.MaybePromise<number>>().toEqualTypeOf<number | Promise<number>>();
    expectTypeOf<finita.StringConverter<Order>>().toEqualTypeOf<(subject: Order) => string>();
    type TypeOnly = [
      finita.MaybePromise<unknown>,
      finita.Named,
      finita.Metadata,
      finita.Weighted,
      finita.Observer,
      finita.ObservableSubject,
      finita.ConditionInterface<unknown>,
      finita.EventInterface,
      finita.TransitionInterface<unknown>,
      finita.StateInterface,
      finita.StateCollectionInterface,
      finita.ProcessInterface,
      finita.StatemachineInterface<unknown>,
      finita.MutexInterface,
      finita.MutexFactoryInterface<unknown>,
      finita.LockAdapterInterface,
      finita.TransitionSelectorInterface<unknown>,
      finita.ProcessDetectorInterface<unknown>,
      finita.StateNameDetectorInterface<unknown>,
      finita.FactoryInterface<unknown>,
      finita.StatefulInterface,
      finita.LastStateHasChangedDateInterface,
      finita.DispatcherInterface,
      finita.CallbackInterface,
      finita.LoggerInterface,
      finita.ConditionCallbackFn<unknown>,
      finita.StringConverter<unknown>,
      finita.Graph,
      finita.GraphNode,
      finita.GraphEdge,
      finita.DotOptions,
      finita.MermaidOptions,
    ];
    expectTypeOf<TypeOnly["length"]>().toEqualTypeOf<32>();
  });
});
