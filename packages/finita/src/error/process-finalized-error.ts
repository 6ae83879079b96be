import { brandErrorClass } from "./error-brand.js";
import { FinitaError } from "./finita-error.js";

/** Thrown when a `ProcessBuilder` is used again after `build()`. */
export class ProcessFinalizedError extends FinitaError {
  static {
    brandErrorClass(this, "ProcessFinalizedError");
  }

  /** Always `"processFinalized"`. */
  readonly code = "processFinalized";

  constructor(
    /** The name of the process being built. */
    readonly processName: string,
  ) {
    super(
      `Process "${processName}" has already been built; create a new ProcessBuilder to define another process`,
    );
    this.name = "ProcessFinalizedError";
  }
}
