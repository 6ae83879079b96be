import type { StateInterface } from "../interfaces/state-interface.js";

/** Lazily yields the states that have a given event. */
export class FilterStateByEvent {
  /** Yields each state whose `hasEvent(eventName)` is true. */
  static *filter(
    states: Iterable<StateInterface>,
    eventName: string,
  ): Generator<StateInterface, void, undefined> {
    for (const state of states) {
      if (state.hasEvent(eventName)) {
        yield state;
      }
    }
  }
}
