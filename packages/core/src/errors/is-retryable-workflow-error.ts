/**
 * SQLSTATE codes after which the same call can simply be made again: the transaction was rolled back because
 * PostgreSQL gave up waiting for a lock (`55P03` lock_not_available, e.g. `lockTimeoutMs`) or aborted it to
 * resolve a conflict (`40001` serialization_failure, `40P01` deadlock_detected).
 */
const RETRYABLE_SQLSTATES: ReadonlySet<string> = new Set(["55P03", "40001", "40P01"]);

/** How many `cause` links are followed before giving up (the chain may be long or cyclic). */
const MAX_CAUSE_DEPTH = 16;

/**
 * Whether `error` is a transient database failure after which the whole call (a `triggerEvent`, a
 * `createInstance`, a worker pass…) can be retried unchanged: a lock timeout (SQLSTATE `55P03`, raised when
 * `lockTimeoutMs` elapses), a serialization failure (`40001`) or a deadlock (`40P01`). The persistence adapters
 * propagate driver errors unchanged, so the SQLSTATE is read from the error's `code`, and from each error of its
 * `cause` chain (a `WorkflowError` wrapping the driver error counts too). Any other value, `null` included, is
 * `false`.
 *
 * The transaction that failed was rolled back; retry after a short pause, with a bounded number of attempts.
 *
 * @example
 * ```ts
 * import { isRetryableWorkflowError } from "@duraflows/core";
 *
 * for (let attempt = 1; ; attempt++) {
 *   try {
 *     return await runtime.triggerEvent({ workflowInstanceUuid, eventName: "Pay" });
 *   } catch (error) {
 *     if (attempt >= 3 || !isRetryableWorkflowError(error)) throw error;
 *     await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
 *   }
 * }
 * ```
 */
export function isRetryableWorkflowError(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  for (let depth = 0; depth <= MAX_CAUSE_DEPTH; depth++) {
    if (typeof current !== "object" || current === null || seen.has(current)) return false;
    seen.add(current);
    let code: unknown;
    try {
      ({ code } = current as { code?: unknown });
      if (typeof code === "string" && RETRYABLE_SQLSTATES.has(code)) return true;
      current = (current as { cause?: unknown }).cause;
    } catch {
      // A throwing getter (e.g. on a proxy) cannot name a SQLSTATE.
      return false;
    }
  }
  return false;
}
