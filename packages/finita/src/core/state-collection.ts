import { DuplicateStateError } from "../error/duplicate-state-error.js";
import type { StateCollectionInterface } from "../interfaces/state-collection-interface.js";
import type { StateInterface } from "../interfaces/state-interface.js";
import { StateCollectionMerger } from "./state-collection-merger.js";

/** A mutable, insertion-ordered collection of uniquely named states. */
export class StateCollection implements StateCollectionInterface {
  private readonly states = new Map<string, StateInterface>();
  private merger: StateCollectionMerger | null = null;

  /** Adds a state; re-adding the same instance is a no-op, a different instance with the same name throws. */
  addState(state: StateInterface): void {
    const existing = this.states.get(state.getName());
    if (existing === state) {
      return;
    }
    if (existing) {
      throw new DuplicateStateError(state.getName());
    }
    this.states.set(state.getName(), state);
  }

  /** Returns the states in insertion order. */
  getStates(): Iterable<StateInterface> {
    return this.states.values();
  }

  /** Returns the state with this name; throws `State "<name>" not found` when missing. */
  getState(name: string): StateInterface {
    const state = this.states.get(name);
    if (!state) {
      throw new Error(`State "${name}" not found`);
    }
    return state;
  }

  /** Reports whether a state with this name exists. */
  hasState(name: string): boolean {
    return this.states.has(name);
  }

  /** Returns the lazily created merger bound to this collection (always the same instance). */
  getStateCollectionMerger(): StateCollectionMerger {
    this.merger ??= new StateCollectionMerger(this);
    return this.merger;
  }

  /** Merges a collection or a single state into this collection (see {@link StateCollectionMerger}). */
  merge(source: StateCollectionInterface | StateInterface): void {
    this.getStateCollectionMerger().merge(source);
  }
}
