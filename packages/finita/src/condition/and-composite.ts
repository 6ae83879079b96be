import type { ConditionInterface } from "../interfaces/condition-interface.js";

/** A conjunction of conditions, evaluated in order and short-circuiting on the first false. */
export class AndComposite<TSubject = unknown> implements ConditionInterface<TSubject> {
  private readonly conditions: ConditionInterface<TSubject>[];

  constructor(first: ConditionInterface<TSubject>) {
    this.conditions = [first];
  }

  /** Adds a condition and returns `this`. */
  addAnd(condition: ConditionInterface<TSubject>): this {
    this.conditions.push(condition);
    return this;
  }

  /** Returns `(A and B and …)`. */
  getName(): string {
    return `(${this.conditions.map((c) => c.getName()).join(" and ")})`;
  }

  /** Resolves `true` when every condition holds; later conditions are not called after a false. */
  async checkCondition(subject: TSubject, context: Map<string, unknown>): Promise<boolean> {
    for (const condition of this.conditions) {
      if (!(await condition.checkCondition(subject, context))) {
        return false;
      }
    }
    return true;
  }
}
