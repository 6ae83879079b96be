import type { EventInterface } from "../interfaces/event-interface.js";
import type { TransitionInterface } from "../interfaces/state-interface.js";

/** Keeps the transitions that are active for a subject, context and optional event. */
export class ActiveTransitionFilter {
  /** Awaits `isActive` on each transition in order and resolves the active ones as an array. */
  static async filter<TSubject = unknown>(
    transitions: Iterable<TransitionInterface<TSubject>>,
    subject: TSubject,
    context: Map<string, unknown>,
    event?: EventInterface,
  ): Promise<TransitionInterface<TSubject>[]> {
    const active: TransitionInterface<TSubject>[] = [];
    for (const transition of transitions) {
      if (await transition.isActive(subject, context, event)) {
        active.push(transition);
      }
    }
    return active;
  }
}
