import type { MaybePromise } from "../interfaces/maybe-promise.js";
import type { ConditionInterface } from "../interfaces/condition-interface.js";

/** The callback of a {@link CallbackCondition}: receives the subject and the operation context. */
export type ConditionCallbackFn<TSubject = unknown> = (
  subject: TSubject,
  context: Map<string, unknown>,
) => MaybePromise<boolean>;

/** A named condition backed by a callback; the name is the condition's identity. */
export class CallbackCondition<TSubject = unknown> implements ConditionInterface<TSubject> {
  constructor(
    private readonly name: string,
    private readonly callback: ConditionCallbackFn<TSubject>,
  ) {}

  /** Returns the name. */
  getName(): string {
    return this.name;
  }

  /** Returns whatever the callback returns, sync or async, unwrapped. */
  checkCondition(subject: TSubject, context: Map<string, unknown>): MaybePromise<boolean> {
    return this.callback(subject, context);
  }
}
