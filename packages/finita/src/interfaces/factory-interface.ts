import type { MutexFactoryInterface } from "./mutex-interface.js";
import type { Observer } from "./observer.js";
import type { StatemachineInterface } from "./statemachine-interface.js";
import type { TransitionSelectorInterface } from "./transition-selector-interface.js";

/** Creates configured state machines for subjects. */
export interface FactoryInterface<TSubject = unknown> {
  /** Creates a state machine for this subject. */
  createStatemachine(subject: TSubject): Promise<StatemachineInterface<TSubject>>;
  /** Sets (or clears) the mutex factory. */
  setMutexFactory(mutexFactory: MutexFactoryInterface<TSubject> | null): void;
  /** Sets (or clears) the transition selector. */
  setTransitionSelector(transitionSelector: TransitionSelectorInterface<TSubject> | null): void;
  /** Registers an observer attached to every created machine. */
  attachStatemachineObserver(observer: Observer): void;
  /** Unregisters an observer. */
  detachStatemachineObserver(observer: Observer): void;
  /** Returns the registered observers. */
  getStatemachineObservers(): Iterable<Observer>;
}
