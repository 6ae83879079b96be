import type { Named } from "./named.js";
import type { StateCollectionInterface } from "./state-collection-interface.js";
import type { StateInterface } from "./state-interface.js";

/** A named, immutable state graph with an initial state. */
export interface ProcessInterface extends Named, StateCollectionInterface {
  /** Returns the initial state. */
  getInitialState(): StateInterface;
}
