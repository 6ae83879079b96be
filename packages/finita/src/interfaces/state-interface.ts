import type { ConditionInterface } from "./condition-interface.js";
import type { EventInterface } from "./event-interface.js";
import type { Metadata, Named, Weighted } from "./named.js";

/** A named state with outgoing transitions, events and metadata. */
export interface StateInterface extends Named, Metadata {
  /** Returns the outgoing transitions in insertion order. */
  getTransitions(): Iterable<TransitionInterface>;
  /** Adds an outgoing transition (duplicates are dropped). */
  addTransition(transition: TransitionInterface): void;
  /** Returns the event names in creation order. */
  getEventNames(): string[];
  /** Reports whether the event exists on this state. */
  hasEvent(name: string): boolean;
  /** Returns the event with this name, creating it on demand. */
  getEvent(name: string): EventInterface;
  /** Returns a metadata value, or `undefined` when absent. */
  getMetadataValue(key: string): unknown;
  /** Sets a metadata value. */
  setMetadataValue(key: string, value: unknown): void;
  /** Reports whether a metadata key exists. */
  hasMetadataValue(key: string): boolean;
  /** Deletes a metadata key. */
  deleteMetadataValue(key: string): void;
}

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
