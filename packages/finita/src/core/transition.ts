import type { ConditionInterface } from "../interfaces/condition-interface.js";
import type { EventInterface } from "../interfaces/event-interface.js";
import type { StateInterface, TransitionInterface } from "../interfaces/state-interface.js";

/** A transition to a target state: event-based or automatic (`eventName` null), optionally guarded. */
export class Transition<TSubject = unknown> implements TransitionInterface<TSubject> {
  private weight = 1;

  constructor(
    private readonly targetState: StateInterface,
    private readonly eventName: string | null = null,
    private readonly condition: ConditionInterface<TSubject> | null = null,
  ) {}

  /** Returns the target state. */
  getTargetState(): StateInterface {
    return this.targetState;
  }

  /** Returns the event name, or `null` for an automatic transition. */
  getEventName(): string | null {
    return this.eventName;
  }

  /** Returns the condition, or `null`. */
  getCondition(): ConditionInterface<TSubject> | null {
    return this.condition;
  }

  /** Returns the condition's name, or `null`. */
  getConditionName(): string | null {
    return this.condition ? this.condition.getName() : null;
  }

  /** Returns the weight (default 1). */
  getWeight(): number {
    return this.weight;
  }

  /** Sets the weight used by `WeightTransition`. */
  setWeight(weight: number): void {
    this.weight = weight;
  }

  /**
   * Resolves whether the transition is active: the event must match (or, without an event, the transition must
   * be automatic), and only then is the condition evaluated.
   */
  async isActive(subject: TSubject, context: Map<string, unknown>, event?: EventInterface): Promise<boolean> {
    const eventMatches = event ? event.getName() === this.eventName : this.eventName === null;
    if (!eventMatches) {
      return false;
    }
    if (!this.condition) {
      return true;
    }
    return await this.condition.checkCondition(subject, context);
  }
}
