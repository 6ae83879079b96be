import type { EventInterface } from "./event-interface.js";
import type { Metadata, Named } from "./named.js";
import type { TransitionInterface } from "./transition-interface.js";

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
