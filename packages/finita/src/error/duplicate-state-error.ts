import { brandErrorClass } from "./error-brand.js";
import { FinitaError } from "./finita-error.js";

/** Thrown when a different state instance with an already registered name is added. */
export class DuplicateStateError extends FinitaError {
  static {
    brandErrorClass(this, "DuplicateStateError");
  }

  /** Always `"duplicateState"`. */
  readonly code = "duplicateState";

  constructor(
    /** The clashing state name. */
    readonly stateName: string,
  ) {
    super(`There is already a different state with name "${stateName}" in this collection`);
    this.name = "DuplicateStateError";
  }
}
