import type { TransitionInterface } from "./state-interface.js";

/** Picks at most one transition out of the active ones (synchronously). */
export interface TransitionSelectorInterface<TSubject = unknown> {
  /** Returns the selected transition, or `null` when none applies. */
  selectTransition(
    transitions: Iterable<TransitionInterface<TSubject>>,
  ): TransitionInterface<TSubject> | null;
}
