import type { ConditionInterface } from "../interfaces/condition-interface.js";

/** A condition that is always true (synchronously). */
export class Tautology implements ConditionInterface<unknown> {
  constructor(private readonly name = "Tautology") {}

  /** Returns the name (default "Tautology"). */
  getName(): string {
    return this.name;
  }

  /** Returns `true`. */
  checkCondition(_subject: unknown, _context: Map<string, unknown>): boolean {
    return true;
  }
}
