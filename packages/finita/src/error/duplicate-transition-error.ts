import { brandErrorClass } from "./error-brand.js";
import { FinitaError } from "./finita-error.js";

/**
 * Thrown by `ProcessBuilder.build` when the same (source, event, target) is declared twice with conditions that
 * differ both by instance and by name.
 */
export class DuplicateTransitionError extends FinitaError {
  static {
    brandErrorClass(this, "DuplicateTransitionError");
  }

  /** Always `"duplicateTransition"`. */
  readonly code = "duplicateTransition";

  constructor(
    /** The source state name. */
    readonly sourceStateName: string,
    /** The event name, or `null` for an automatic transition. */
    readonly eventName: string | null,
    /** The target state name. */
    readonly targetStateName: string,
    /** The condition names of the two conflicting declarations (`null` = no condition). */
    readonly conditionNames: readonly [string | null, string | null],
  ) {
    const event = eventName === null ? "automatic transition" : `event "${eventName}"`;
    const names = conditionNames.map((n) => (n === null ? "(none)" : `"${n}"`)).join(" and ");
    super(
      `Conflicting transitions from "${sourceStateName}" to "${targetStateName}" on ${event}: ` +
        `conditions ${names} differ; declare the transition once or give both the same condition`,
    );
    this.name = "DuplicateTransitionError";
  }
}
