import type { TransitionInterface } from "../interfaces/state-interface.js";
import type { TransitionSelectorInterface } from "../interfaces/transition-selector-interface.js";
import { OneOrNoneActiveTransition } from "./one-or-none-active-transition.js";

/** Prefers the heaviest transitions (weights within `epsilon` tie) and lets `inner` pick among them. */
export class WeightTransition<TSubject = unknown> implements TransitionSelectorInterface<TSubject> {
  constructor(
    private readonly inner: TransitionSelectorInterface<TSubject> = new OneOrNoneActiveTransition<TSubject>(),
    private readonly epsilon = 0.001,
  ) {}

  /** Groups the transitions tied at the best weight (default epsilon 0.001) and passes them to `inner`. */
  selectTransition(
    transitions: Iterable<TransitionInterface<TSubject>>,
  ): TransitionInterface<TSubject> | null {
    let best = 0;
    let group: TransitionInterface<TSubject>[] = [];
    for (const transition of transitions) {
      const weight = transition.getWeight();
      if (group.length === 0 || weight - best >= this.epsilon) {
        best = weight;
        group = [transition];
      } else if (Math.abs(weight - best) < this.epsilon) {
        group.push(transition);
      }
    }
    return this.inner.selectTransition(group);
  }
}
