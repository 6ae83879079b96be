import type { ConditionInterface } from "../interfaces/condition-interface.js";

/** A disjunction of conditions, evaluated in order and short-circuiting on the first true. */
export class OrComposite<TSubject = unknown> implements ConditionInterface<TSubject> {
  private readonly conditions: ConditionInterface<TSubject>[];

  constructor(first: ConditionInterface<TSubject>) {
    this.conditions = [first];
  }

  /** Adds a condition and returns `this`. */
  addOr(condition: ConditionInterface<TSubject>): this {
    this.conditions.push(condition);
    return this;
  }

  /** Returns `(A or B or …)`. */
  getName(): string {
    return `(${this.conditions.map((c) => c.getName()).join(" or ")})`;
  }

  /** Resolves `true` as soon as one condition holds; later conditions are not called. */
  async checkCondition(subject: TSubject, context: Map<string, unknown>): Promise<boolean> {
    for (const condition of this.conditions) {
      if (await condition.checkCondition(subject, context)) {
        return true;
      }
    }
    return false;
  }
}
