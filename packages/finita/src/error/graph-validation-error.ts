import { brandErrorClass } from "./error-brand.js";
import { FinitaError } from "./finita-error.js";

/** The validation failures reported by {@link GraphValidationError}. */
export type GraphValidationErrorCode =
  | "missingInitialState"
  | "multipleInitialStates"
  | "unknownSource"
  | "unknownTarget"
  | "orphanState";

/** Thrown by `ProcessBuilder.build` when the declared graph is invalid; `code` says why. */
export class GraphValidationError extends FinitaError {
  static {
    brandErrorClass(this, "GraphValidationError");
  }

  constructor(
    /** What is wrong with the graph. */
    readonly code: GraphValidationErrorCode,
    message: string,
    /** The state names involved (may be empty). */
    readonly stateNames: readonly string[] = [],
  ) {
    super(message);
    this.name = "GraphValidationError";
  }
}
