import { LockCanNotBeAcquiredError } from "../error/lock-can-not-be-acquired-error.js";
import { WrongEventForStateError } from "../error/wrong-event-for-state-error.js";
import { ActiveTransitionFilter } from "../filter/active-transition-filter.js";
import type { DispatcherInterface } from "../interfaces/dispatcher-interface.js";
import type { EventInterface } from "../interfaces/event-interface.js";
import type { MutexInterface } from "../interfaces/mutex-interface.js";
import type { Observer } from "../interfaces/observer.js";
import type { ProcessInterface } from "../interfaces/process-interface.js";
import type { StateInterface, TransitionInterface } from "../interfaces/state-interface.js";
import type { StatemachineInterface } from "../interfaces/statemachine-interface.js";
import type { TransitionSelectorInterface } from "../interfaces/transition-selector-interface.js";
import { NullMutex } from "../mutex/null-mutex.js";
import { OneOrNoneActiveTransition } from "../selector/one-or-none-active-transition.js";
import { Dispatcher } from "./dispatcher.js";
import type { StatemachineOptions } from "./statemachine-options.js";

/**
 * A state machine binding one subject to a process; events and automatic transitions move it between states.
 *
 * @example
 * ```ts
 * const sm = new Statemachine(order, process, { initialStateName: "draft" });
 * await sm.triggerEvent("publish", new Map([["user", "alice"]]));
 * sm.getCurrentState().getName(); // "published"
 * ```
 */
export class Statemachine<TSubject = unknown> implements StatemachineInterface<TSubject> {
  private currentState: StateInterface;
  private readonly transitionSelector: TransitionSelectorInterface<TSubject>;
  private readonly mutex: MutexInterface;
  private readonly maxAutomaticHops: number;
  private autoreleaseLock: boolean;
  private readonly observers = new Set<Observer>();
  private dispatcher: DispatcherInterface | null = null;
  /** Dispatchers of the `triggerEvent` calls still in flight; any other pending dispatcher came from `dispatchEvent`. */
  private readonly triggerDispatchers = new Set<DispatcherInterface>();
  private currentContext: Map<string, unknown> | null = null;
  private currentEvent: EventInterface | null = null;
  private selectedTransition: TransitionInterface<TSubject> | null = null;
  private lastState: StateInterface | null = null;

  /** Creates a machine from an options object (v3-style form). */
  constructor(subject: TSubject, process: ProcessInterface, options?: StatemachineOptions<TSubject>);
  /** Creates a machine from positional arguments (2.x form); a falsy `stateName` starts at the initial state. */
  constructor(
    subject: TSubject,
    process: ProcessInterface,
    stateName?: string | null,
    transitionSelector?: TransitionSelectorInterface<TSubject> | null,
    mutex?: MutexInterface | null,
  );
  constructor(
    private readonly subject: TSubject,
    private readonly process: ProcessInterface,
    stateNameOrOptions?: string | null | StatemachineOptions<TSubject>,
    transitionSelector?: TransitionSelectorInterface<TSubject> | null,
    mutex?: MutexInterface | null,
  ) {
    const options: StatemachineOptions<TSubject> =
      typeof stateNameOrOptions === "object" && stateNameOrOptions !== null
        ? stateNameOrOptions
        : // The positional form keeps the 2.x behaviour exactly, hence no hop limit.
          { initialStateName: stateNameOrOptions, transitionSelector, mutex, maxAutomaticHops: Infinity };
    const stateName = options.initialStateName;
    this.currentState = stateName ? process.getState(stateName) : process.getInitialState();
    this.transitionSelector = options.transitionSelector ?? new OneOrNoneActiveTransition<TSubject>();
    this.mutex = options.mutex ?? new NullMutex();
    this.autoreleaseLock = options.autoreleaseLock ?? true;
    const hops = options.maxAutomaticHops ?? 100;
    if (typeof hops !== "number" || Number.isNaN(hops) || hops < 0) {
      throw new RangeError(`maxAutomaticHops must be a non-negative number, got ${String(hops)}`);
    }
    this.maxAutomaticHops = hops;
  }

  /** Returns the process. */
  getProcess(): ProcessInterface {
    return this.process;
  }

  /** Returns the subject. */
  getSubject(): TSubject {
    return this.subject;
  }

  /** Returns the current state. */
  getCurrentState(): StateInterface {
    return this.currentState;
  }

  /** Returns the transition being applied; `null` outside an operation. */
  getSelectedTransition(): TransitionInterface<TSubject> | null {
    return this.selectedTransition;
  }

  /** Returns the previous state; non-null only during observer notification. */
  getLastState(): StateInterface | null {
    return this.lastState;
  }

  /** Returns the operation context; non-null while event observers run and during observer notification. */
  getCurrentContext(): Map<string, unknown> | null {
    return this.currentContext;
  }

  /** Returns the automatic-hop limit per operation (`Infinity` for the positional 2.x constructor form). */
  getMaxAutomaticHops(): number {
    return this.maxAutomaticHops;
  }

  /** Attaches a state-machine observer (notified after each state change). */
  attach(observer: Observer): void {
    this.observers.add(observer);
  }

  /** Detaches a state-machine observer. */
  detach(observer: Observer): void {
    this.observers.delete(observer);
  }

  /** Returns the observers in attach order. */
  getObservers(): Iterable<Observer> {
    return this.observers;
  }

  /** Awaits each observer's `update(this)` in attach order. */
  async notify(): Promise<void> {
    // The live set, not a copy: an observer attached during this round runs in it, one detached before its
    // turn is skipped.
    for (const observer of this.observers) {
      await observer.update(this);
    }
  }

  /** Triggers an event on the current state, runs its observers and follows the resulting transitions. */
  async triggerEvent(name: string, context?: Map<string, unknown>): Promise<void> {
    const dispatcher = new Dispatcher();
    this.triggerDispatchers.add(dispatcher);
    try {
      await this.dispatchEvent(dispatcher, name, context);
      await dispatcher.invoke();
    } finally {
      this.triggerDispatchers.delete(dispatcher);
      // A rejected "still running" call leaves an in-flight triggerEvent alone. A pending dispatch made with
      // dispatchEvent is dropped instead: its invoke may have rejected and would otherwise hold the lock forever,
      // so this call fails once and the next one works.
      const pending = this.dispatcher;
      if (pending === null || pending === dispatcher || !this.triggerDispatchers.has(pending)) {
        this.clearDispatchFields();
        if (this.autoreleaseLock && this.isLockAcquired()) {
          await this.releaseLock();
        }
      }
    }
  }

  /**
   * Validates the event, acquires the lock and queues the event on `dispatcher`; the state changes only when the
   * dispatcher is invoked.
   */
  async dispatchEvent(
    dispatcher: DispatcherInterface,
    name: string,
    context?: Map<string, unknown>,
  ): Promise<void> {
    if (this.dispatcher !== null && !this.dispatcher.isReady()) {
      throw new Error("Event dispatching is still running!");
    }
    if (!this.currentState.hasEvent(name)) {
      throw new WrongEventForStateError(this.currentState.getName(), name);
    }
    if (!(await this.acquireLock())) {
      throw new LockCanNotBeAcquiredError();
    }
    try {
      const operationContext = context ?? new Map<string, unknown>();
      const event = this.currentState.getEvent(name);
      this.dispatcher = dispatcher;
      this.currentContext = operationContext;
      this.currentEvent = event;
      dispatcher.dispatch(event, [this.subject, operationContext], {
        invoke: async () => {
          this.clearDispatchFields();
          try {
            await this.doCheckTransitions(operationContext, event);
          } finally {
            if (this.autoreleaseLock && this.isLockAcquired()) {
              await this.releaseLock();
            }
          }
        },
      });
    } catch (error) {
      this.clearDispatchFields();
      if (this.autoreleaseLock) {
        await this.releaseLock();
      }
      throw error;
    }
  }

  /** Acquires the lock and follows active automatic transitions from the current state. */
  async checkTransitions(context?: Map<string, unknown>): Promise<void> {
    if (!(await this.acquireLock())) {
      throw new LockCanNotBeAcquiredError();
    }
    try {
      await this.doCheckTransitions(context ?? new Map<string, unknown>());
    } finally {
      if (this.autoreleaseLock && this.isLockAcquired()) {
        await this.releaseLock();
      }
    }
  }

  /** Acquires the mutex; returns `true` without calling it when it is already held (re-entrancy). */
  async acquireLock(): Promise<boolean> {
    if (this.mutex.isAcquired()) {
      return true;
    }
    return await this.mutex.acquireLock();
  }

  /** Releases the mutex. */
  async releaseLock(): Promise<void> {
    await this.mutex.releaseLock();
  }

  /** Reports whether the mutex is held by this machine. */
  isLockAcquired(): boolean {
    return this.mutex.isAcquired();
  }

  /** Reports whether the lock is released automatically after each operation (default `true`). */
  isAutoreleaseLock(): boolean {
    return this.autoreleaseLock;
  }

  /** Turns automatic lock release on or off (off = hold the lock across several operations). */
  setAutoreleaseLock(autoreleaseLock: boolean): void {
    this.autoreleaseLock = autoreleaseLock;
  }

  /**
   * Selects and applies one transition, then recurses without an event to chain automatic transitions; every
   * error is wrapped once per recursion level with the original as `cause`.
   */
  protected async doCheckTransitions(
    context: Map<string, unknown>,
    event?: EventInterface | null,
    visited?: Set<StateInterface>,
  ): Promise<void> {
    try {
      const active = await ActiveTransitionFilter.filter<TSubject>(
        this.currentState.getTransitions(),
        this.subject,
        context,
        event ?? undefined,
      );
      const selected = this.transitionSelector.selectTransition(active);
      this.selectedTransition = selected;
      if (!selected) {
        return;
      }
      const target = selected.getTargetState();
      if (selected.getEventName() === null) {
        visited ??= new Set<StateInterface>();
        visited.add(this.currentState);
        if (visited.has(target)) {
          throw new Error(
            `Automatic transition cycle detected: state "${target.getName()}" was already visited — this would cause infinite recursion`,
          );
        }
        if (visited.size > this.maxAutomaticHops) {
          throw new Error(
            `Automatic transition limit exceeded: more than ${this.maxAutomaticHops} automatic transitions in one operation`,
          );
        }
      }
      if (target !== this.currentState) {
        this.lastState = this.currentState;
        this.currentState = target;
        this.currentContext = context;
        this.currentEvent = event ?? null;
        try {
          await this.notify();
        } finally {
          this.currentContext = null;
          this.currentEvent = null;
          this.selectedTransition = null;
          this.lastState = null;
        }
      }
      await this.doCheckTransitions(context, null, visited);
    } catch (error) {
      this.selectedTransition = null;
      throw new Error(this.describeFailure(), { cause: error });
    }
  }

  private describeFailure(): string {
    let message = `Exception was thrown when doing a transition from current state "${this.currentState.getName()}"`;
    if (this.currentEvent) {
      message += ` with event "${this.currentEvent.getName()}"`;
    }
    const subject = this.subject as { getName?: unknown } | null | undefined;
    if (subject !== null && subject !== undefined && typeof subject.getName === "function") {
      message += ` for "${String((subject as { getName(): unknown }).getName())}"`;
    }
    return message;
  }

  private clearDispatchFields(): void {
    this.dispatcher = null;
    this.currentContext = null;
    this.currentEvent = null;
  }
}
