import { brandErrorClass } from "./error-brand.js";
import { FinitaError } from "./finita-error.js";

/**
 * Thrown by `ProcessBuilder.addTransition` for an empty or whitespace-padded event name, a condition with an
 * empty name, or a non-finite weight.
 */
export class InvalidTransitionError extends FinitaError {
  static {
    brandErrorClass(this, "InvalidTransitionError");
  }

  /** Always `"invalidTransition"`. */
  readonly code = "invalidTransition";

  constructor(message: string) {
    super(message);
    this.name = "InvalidTransitionError";
  }
}
