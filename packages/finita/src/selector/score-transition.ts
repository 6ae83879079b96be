import type { TransitionInterface } from "../interfaces/state-interface.js";
import type { TransitionSelectorInterface } from "../interfaces/transition-selector-interface.js";
import { OneOrNoneActiveTransition } from "./one-or-none-active-transition.js";

/** Prefers the most specific transitions (event +2, condition +1) and lets `inner` pick among the best. */
export class ScoreTransition<TSubject = unknown> implements TransitionSelectorInterface<TSubject> {
  constructor(
    private readonly inner: TransitionSelectorInterface<TSubject> = new OneOrNoneActiveTransition<TSubject>(),
  ) {}

  /**
   * Passes every transition tied at the best score to the inner selector, which is called even when there is
   * no candidate (it then receives an empty list; the default inner selector answers `null`). Scoring starts
   * at -1, so a transition scoring below -1 is never a candidate.
   */
  selectTransition(
    transitions: Iterable<TransitionInterface<TSubject>>,
  ): TransitionInterface<TSubject> | null {
    let best = -1;
    let group: TransitionInterface<TSubject>[] = [];
    for (const transition of transitions) {
      const score = this.calculateScore(transition);
      if (score > best) {
        best = score;
        group = [transition];
      } else if (score === best) {
        group.push(transition);
      }
    }
    return this.inner.selectTransition(group);
  }

  /** Returns 2 for a truthy event name plus 1 for a truthy condition name. */
  protected calculateScore(transition: TransitionInterface<TSubject>): number {
    let score = 0;
    if (transition.getEventName()) {
      score += 2;
    }
    if (transition.getConditionName()) {
      score += 1;
    }
    return score;
  }
}
