import type { ConditionInterface } from "../interfaces/condition-interface.js";

/** The negation of a condition. */
export class Not<TSubject = unknown> implements ConditionInterface<TSubject> {
  constructor(private readonly condition: ConditionInterface<TSubject>) {}

  /** Returns `not ( <inner name> )`. */
  getName(): string {
    return `not ( ${this.condition.getName()} )`;
  }

  /** Resolves the negated result of the inner condition. */
  async checkCondition(subject: TSubject, context: Map<string, unknown>): Promise<boolean> {
    return !(await this.condition.checkCondition(subject, context));
  }
}
