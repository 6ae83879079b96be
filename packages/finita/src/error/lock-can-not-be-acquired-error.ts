import { brandErrorClass } from "./error-brand.js";
import { FinitaError } from "./finita-error.js";

/** Thrown when a state machine cannot acquire its mutex. */
export class LockCanNotBeAcquiredError extends FinitaError {
  static {
    brandErrorClass(this, "LockCanNotBeAcquiredError");
  }

  /** Always `"lockCanNotBeAcquired"`. */
  readonly code = "lockCanNotBeAcquired";

  constructor(message = "Lock can not be acquired!") {
    super(message);
    this.name = "LockCanNotBeAcquiredError";
  }
}
