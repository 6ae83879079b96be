import type { ObservableSubject } from "./observer.js";
import type { ProcessInterface } from "./process-interface.js";
import type { StateInterface, TransitionInterface } from "./state-interface.js";

/** A running state machine bound to one subject and one process. */
export interface StatemachineInterface<TSubject = unknown> extends ObservableSubject {
  /** Returns the current state. */
  getCurrentState(): StateInterface;
  /** Returns the subject. */
  getSubject(): TSubject;
  /** Returns the process. */
  getProcess(): ProcessInterface;
  /** Triggers an event on the current state and follows the resulting transitions. */
  triggerEvent(name: string, context?: Map<string, unknown>): Promise<void>;
  /** Follows active automatic transitions from the current state. */
  checkTransitions(context?: Map<string, unknown>): Promise<void>;
  /** Returns the transition being applied (non-null only during an operation). */
  getSelectedTransition(): TransitionInterface<TSubject> | null;
  /** Returns the previous state (non-null only during observer notification). */
  getLastState(): StateInterface | null;
  /** Returns the context of the running operation, or `null`. */
  getCurrentContext(): Map<string, unknown> | null;
  /** Acquires the lock; returns `true` at once when it is already held. */
  acquireLock(): Promise<boolean>;
  /** Releases the lock. */
  releaseLock(): Promise<void>;
  /** Reports whether this machine holds the lock. */
  isLockAcquired(): boolean;
  /** Reports whether the lock is released automatically after each operation. */
  isAutoreleaseLock(): boolean;
  /** Turns automatic lock release on or off. */
  setAutoreleaseLock(autoreleaseLock: boolean): void;
}
