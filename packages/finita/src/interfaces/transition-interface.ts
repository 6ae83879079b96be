import type { ConditionInterface } from "./condition-interface.js";
import type { EventInterface } from "./event-interface.js";
import type { Weighted } from "./named.js";
import type { StateInterface } from "./state-interface.js";

/** A directed edge to a target state, optionally bound to an event and guarded by a condition. */
export interface TransitionInterface<TSubject = unknown> extends Weighted {
  /** Returns the target state. */
  getTargetState(): StateInterface;
  /** Returns the event name, or `null` for an automatic transition. */
  getEventName(): string | null;
  /** Returns the condition's name, or `null` without a condition. */
  getConditionName(): string | null;
  /** Returns the condition, or `null`. */
  getCondition(): ConditionInterface<TSubject> | null;
  /** Resolves whether the transition is active for this subject, context and (optional) event. */
  isActive(subject: TSubject, context: Map<string, unknown>, event?: EventInterface): Promise<boolean>;
}
