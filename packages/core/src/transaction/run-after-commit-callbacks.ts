import { describeThrown } from "../errors/describe-thrown.js";
import type { AfterCommitCallback } from "./types.js";

/**
 * Runs after-commit callbacks in order, awaiting each (callbacks appended while the loop runs are run too).
 * A throwing callback is logged with `console.warn` and skipped; the returned promise never rejects.
 *
 * @example
 * ```ts
 * await runAfterCommitCallbacks(scope.callbacks);
 * ```
 */
export async function runAfterCommitCallbacks(callbacks: readonly AfterCommitCallback[]): Promise<void> {
  // Index loop on purpose: a callback may append more callbacks to the same list.
  for (let i = 0; i < callbacks.length; i++) {
    try {
      await callbacks[i]();
    } catch (error) {
      console.warn(`[duraflows] afterCommit callback failed: ${describeThrown(error)}`);
    }
  }
}
