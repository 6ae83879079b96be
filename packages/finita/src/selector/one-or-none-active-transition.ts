import type { TransitionInterface } from "../interfaces/state-interface.js";
import type { TransitionSelectorInterface } from "../interfaces/transition-selector-interface.js";

/** The default selector: no transition gives `null`, one gives it, more than one throws. */
export class OneOrNoneActiveTransition<TSubject = unknown> implements TransitionSelectorInterface<TSubject> {
  /** Returns the only transition, `null` for none; throws `More than one transition is active!` otherwise. */
  selectTransition(
    transitions: Iterable<TransitionInterface<TSubject>>,
  ): TransitionInterface<TSubject> | null {
    const list = [...transitions];
    if (list.length > 1) {
      throw new Error("More than one transition is active!");
    }
    return list[0] ?? null;
  }
}
