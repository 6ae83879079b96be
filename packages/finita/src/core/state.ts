import type { StateInterface, TransitionInterface } from "../interfaces/state-interface.js";
import { Event } from "./event.js";

/** A named state holding outgoing transitions, on-demand events and metadata. */
export class State implements StateInterface {
  private readonly transitions = new Set<TransitionInterface>();
  private readonly events = new Map<string, Event>();
  private readonly metadata = new Map<string, unknown>();

  constructor(private readonly name: string) {}

  /** Returns the state name. */
  getName(): string {
    return this.name;
  }

  /** Returns the live, insertion-ordered set of transitions. */
  getTransitions(): Iterable<TransitionInterface> {
    return this.transitions;
  }

  /**
   * Adds a transition unless it is the same instance or an existing transition has the same target name, event
   * name and condition name (first wins); a truthy event name auto-creates the event.
   */
  addTransition(transition: TransitionInterface): void {
    if (this.transitions.has(transition)) {
      return;
    }
    const targetName = transition.getTargetState().getName();
    const eventName = transition.getEventName();
    const conditionName = transition.getConditionName();
    for (const existing of this.transitions) {
      if (
        existing.getTargetState().getName() === targetName &&
        existing.getEventName() === eventName &&
        existing.getConditionName() === conditionName
      ) {
        return;
      }
    }
    this.transitions.add(transition);
    if (eventName) {
      this.getEvent(eventName);
    }
  }

  /** Returns the event names in creation order. */
  getEventNames(): string[] {
    return [...this.events.keys()];
  }

  /** Reports whether the event exists (a plain lookup; does not create it). */
  hasEvent(name: string): boolean {
    return this.events.has(name);
  }

  /** Returns the event with this name, creating it on demand (always the same instance per name). */
  getEvent(name: string): Event {
    let event = this.events.get(name);
    if (!event) {
      event = new Event(name);
      this.events.set(name, event);
    }
    return event;
  }

  /** Returns a fresh plain-object copy of the metadata. */
  getMetadata(): Record<string, unknown> {
    return Object.fromEntries(this.metadata);
  }

  /** Returns a metadata value, or `undefined` when absent. */
  getMetadataValue(key: string): unknown {
    return this.metadata.get(key);
  }

  /** Sets a metadata value. */
  setMetadataValue(key: string, value: unknown): void {
    this.metadata.set(key, value);
  }

  /** Reports whether a metadata key exists. */
  hasMetadataValue(key: string): boolean {
    return this.metadata.has(key);
  }

  /** Deletes a metadata key. */
  deleteMetadataValue(key: string): void {
    this.metadata.delete(key);
  }
}
