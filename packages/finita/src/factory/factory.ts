import { Statemachine } from "../core/statemachine.js";
import type {
  ProcessDetectorInterface,
  StateNameDetectorInterface,
} from "../interfaces/detector-interfaces.js";
import type { FactoryInterface } from "../interfaces/factory-interface.js";
import type { MutexFactoryInterface } from "../interfaces/mutex-interface.js";
import type { Observer } from "../interfaces/observer.js";
import type { TransitionSelectorInterface } from "../interfaces/transition-selector-interface.js";

/**
 * Creates state machines: detects the process and the state name, creates the mutex, constructs the machine
 * and attaches the registered observers.
 */
export class Factory<TSubject = unknown> implements FactoryInterface<TSubject> {
  private mutexFactory: MutexFactoryInterface<TSubject> | null = null;
  private transitionSelector: TransitionSelectorInterface<TSubject> | null = null;
  private readonly observers = new Set<Observer>();

  constructor(
    private readonly processDetector: ProcessDetectorInterface<TSubject>,
    private readonly stateNameDetector: StateNameDetectorInterface<TSubject> | null = null,
  ) {}

  /** Sets (or clears) the mutex factory; without one machines use `NullMutex`. */
  setMutexFactory(mutexFactory: MutexFactoryInterface<TSubject> | null): void {
    this.mutexFactory = mutexFactory;
  }

  /** Sets (or clears) the transition selector; without one machines use `OneOrNoneActiveTransition`. */
  setTransitionSelector(transitionSelector: TransitionSelectorInterface<TSubject> | null): void {
    this.transitionSelector = transitionSelector;
  }

  /** Registers an observer attached to every created machine. */
  attachStatemachineObserver(observer: Observer): void {
    this.observers.add(observer);
  }

  /** Unregisters an observer. */
  detachStatemachineObserver(observer: Observer): void {
    this.observers.delete(observer);
  }

  /** Returns the registered observers in registration order. */
  getStatemachineObservers(): Iterable<Observer> {
    return this.observers;
  }

  /** Creates a state machine for the subject. */
  async createStatemachine(subject: TSubject): Promise<Statemachine<TSubject>> {
    const process = this.processDetector.detectProcess(subject);
    const stateName = this.stateNameDetector ? this.stateNameDetector.detectCurrentStateName(subject) : null;
    const mutex = this.mutexFactory ? await this.mutexFactory.createMutex(subject) : null;
    const statemachine = new Statemachine<TSubject>(
      subject,
      process,
      stateName,
      this.transitionSelector,
      mutex,
    );
    for (const observer of this.observers) {
      statemachine.attach(observer);
    }
    return statemachine;
  }
}
