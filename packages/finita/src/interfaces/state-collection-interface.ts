import type { StateInterface } from "./state-interface.js";

/** A read-only collection of states addressed by name. */
export interface StateCollectionInterface {
  /** Returns the states in registration order. */
  getStates(): Iterable<StateInterface>;
  /** Returns the state with this name; throws when it is missing. */
  getState(name: string): StateInterface;
  /** Reports whether a state with this name exists. */
  hasState(name: string): boolean;
}
