import type { Metadata, Named } from "./named.js";
import type { ObservableSubject } from "./observer.js";

/** A named event on a state; its observers run when it is invoked. */
export interface EventInterface extends Named, Metadata, ObservableSubject {
  /** Returns the arguments of the running invocation (empty outside notification). */
  getInvokeArgs(): unknown[];
  /** Stores the arguments, notifies the observers and clears the arguments again. */
  invoke(...args: unknown[]): Promise<void>;
  /** Returns a metadata value, or `undefined` when absent. */
  getMetadataValue(key: string): unknown;
  /** Sets a metadata value. */
  setMetadataValue(key: string, value: unknown): void;
  /** Reports whether a metadata key exists. */
  hasMetadataValue(key: string): boolean;
  /** Deletes a metadata key. */
  deleteMetadataValue(key: string): void;
}
