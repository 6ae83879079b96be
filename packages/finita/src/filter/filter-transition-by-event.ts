import type { TransitionInterface } from "../interfaces/state-interface.js";

/** Lazily yields the transitions bound to a given event name. */
export class FilterTransitionByEvent {
  /** Yields each transition whose event name strictly equals `eventName`. */
  static *filter<TSubject = unknown>(
    transitions: Iterable<TransitionInterface<TSubject>>,
    eventName: string,
  ): Generator<TransitionInterface<TSubject>, void, undefined> {
    for (const transition of transitions) {
      if (transition.getEventName() === eventName) {
        yield transition;
      }
    }
  }
}
