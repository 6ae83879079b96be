import type { StateInterface } from "../interfaces/state-interface.js";

/** Lazily yields the final states (those without transitions). */
export class FilterStateByFinalState {
  /** Yields each state that has zero transitions. */
  static *filter(states: Iterable<StateInterface>): Generator<StateInterface, void, undefined> {
    for (const state of states) {
      const first = state.getTransitions()[Symbol.iterator]().next();
      if (first.done) {
        yield state;
      }
    }
  }
}
