import type { MutexInterface } from "../interfaces/mutex-interface.js";
import type { TransitionSelectorInterface } from "../interfaces/transition-selector-interface.js";

/** Options of the v3-style `Statemachine` constructor form; every member is optional. */
export interface StatemachineOptions<TSubject = unknown> {
  /** The state to start in; a falsy value starts at the process's initial state. */
  initialStateName?: string | null;
  /** The selector; defaults to `new OneOrNoneActiveTransition()`. */
  transitionSelector?: TransitionSelectorInterface<TSubject> | null;
  /** The mutex; defaults to `new NullMutex()`. */
  mutex?: MutexInterface | null;
  /** Whether the lock is released after each operation; defaults to `true`. */
  autoreleaseLock?: boolean;
  /**
   * The maximum number of automatic transitions in one operation; defaults to `100`. Cycle detection runs
   * first, so this only limits long acyclic chains.
   */
  maxAutomaticHops?: number;
}
