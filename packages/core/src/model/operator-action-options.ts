/**
 * Options of the operator actions `retryExecution`, `cancelExecution` and `rearmTimeout`.
 *
 * Without options (or with `triggerMetadata` left out) an action writes no history, exactly as before. With
 * `triggerMetadata` it also appends one audit row to the instance's history in the same transaction, so that
 * who did it is recorded where every other change of the instance is:
 *
 * | action | `eventName` | `triggerMetadata` of the row |
 * | --- | --- | --- |
 * | `retryExecution` | `"$retried"` | the given object plus `source: "retryExecution"`, `executionUuid` |
 * | `cancelExecution` | `"$cancelled"` | the given object plus `source: "cancelExecution"`, `executionUuid` |
 * | `rearmTimeout` | `"$rearmed"` | the given object plus `source: "rearmTimeout"` |
 *
 * The row has `fromState` = `toState` = the instance's current state, `outcome: "success"`, no command results
 * and the instance's `definitionVersion`; it fires no observer (no state is entered). `source` and
 * `executionUuid` are the runtime's and win over same-named keys of the given object. A call that changes
 * nothing writes no row either: `rearmTimeout` on an instance without timeout retry state, and any call that
 * throws. Event names starting with `$` are reserved, so these rows never collide with a definition's events.
 *
 * @example
 * ```ts
 * await runtime.retryExecution(executionUuid, { triggerMetadata: { actor: "ops@example.com" } });
 * ```
 */
export interface OperatorActionOptions {
  /** Plain JSON object recorded in the audit history row (see above); its absence writes no row. */
  triggerMetadata?: Record<string, unknown>;
}
