import type { MaybePromise } from "./maybe-promise.js";
import type { Named } from "./named.js";

/** A named guard evaluated against a subject and the operation context. */
export interface ConditionInterface<TSubject = unknown> extends Named {
  /** Returns whether the condition holds; may be sync or async. */
  checkCondition(subject: TSubject, context: Map<string, unknown>): MaybePromise<boolean>;
}
