import { brandErrorClass } from "./error-brand.js";
import { FinitaError } from "./finita-error.js";

/** Thrown by `triggerEvent` when the current state has no event with the given name. */
export class WrongEventForStateError extends FinitaError {
  static {
    brandErrorClass(this, "WrongEventForStateError");
  }

  /** Always `"wrongEventForState"`. */
  readonly code = "wrongEventForState";

  constructor(
    /** The name of the current state. */
    readonly stateName: string,
    /** The name of the event that was triggered. */
    readonly eventName: string,
  ) {
    super(`Current state "${stateName}" doesn't have event "${eventName}"`);
    this.name = "WrongEventForStateError";
  }
}
