/** A subject that stores its own current state name. */
export interface StatefulInterface {
  /** Returns the stored state name. */
  getCurrentStateName(): string;
  /** Stores the state name. */
  setCurrentStateName(name: string): void;
}

/** A subject that knows when its state last changed (used by `Timeout`). */
export interface LastStateHasChangedDateInterface {
  /** Returns the date of the last state change. */
  getLastStateHasChangedDate(): Date;
}
