import type { ConditionInterface } from "../interfaces/condition-interface.js";

/** A condition that is always false (synchronously). */
export class Contradiction implements ConditionInterface<unknown> {
  constructor(private readonly name = "Contradiction") {}

  /** Returns the name (default "Contradiction"). */
  getName(): string {
    return this.name;
  }

  /** Returns `false`. */
  checkCondition(_subject: unknown, _context: Map<string, unknown>): boolean {
    return false;
  }
}
