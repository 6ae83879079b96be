import type { StateInterface } from "../interfaces/state-interface.js";

/** Lazily yields the states that have at least one automatic transition. */
export class FilterStateByTransition {
  /** Yields each state with a transition whose event name is falsy. */
  static *filter(states: Iterable<StateInterface>): Generator<StateInterface, void, undefined> {
    for (const state of states) {
      for (const transition of state.getTransitions()) {
        if (!transition.getEventName()) {
          yield state;
          break;
        }
      }
    }
  }
}
