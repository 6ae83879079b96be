import type { WorkflowTimeoutRetry, WorkflowTimeoutRetryOptions } from "../model/workflow-timeout-retry.js";
import { InvalidArgumentError } from "../errors/workflow-error.js";
import { assertPositiveSafeInteger } from "../util/assert-integer.js";

const MAX_LAST_ERROR_LENGTH = 2000;

/**
 * Backoff of failing timeout events: after the n-th consecutive failure, wait
 * `min(maxDelayMs, initialDelayMs × 2^(n−1))`, and park the timeout once n reaches `maxAttempts`. The runtime
 * builds one from `WorkflowRuntimeOptions.timeoutRetry`.
 *
 * Advanced: for adapters and tests that predict or reproduce the runtime's retry schedule.
 *
 * @advanced
 * @example
 * ```ts
 * const policy = new TimeoutRetryPolicy({ initialDelayMs: 1_000 });
 * policy.next(null, "mail server down", new Date()); // { attempts: 1, retryAt: now + 1s, parkedAt: null, … }
 * ```
 */
export class TimeoutRetryPolicy {
  /** Default 60 000. */
  readonly initialDelayMs: number;
  /** Default 3 600 000. */
  readonly maxDelayMs: number;
  /** Default 10. */
  readonly maxAttempts: number;

  /** Validates the options (positive safe integers, `initialDelayMs <= maxDelayMs`); throws `InvalidArgumentError`. */
  constructor(options: WorkflowTimeoutRetryOptions = {}) {
    const initialDelayMs = options.initialDelayMs ?? 60_000;
    const maxDelayMs = options.maxDelayMs ?? 3_600_000;
    const maxAttempts = options.maxAttempts ?? 10;
    assertPositiveSafeInteger("timeoutRetry.initialDelayMs", initialDelayMs);
    assertPositiveSafeInteger("timeoutRetry.maxDelayMs", maxDelayMs);
    assertPositiveSafeInteger("timeoutRetry.maxAttempts", maxAttempts);
    if (initialDelayMs > maxDelayMs) {
      throw new InvalidArgumentError(
        `timeoutRetry.initialDelayMs (${initialDelayMs}) must not exceed timeoutRetry.maxDelayMs (${maxDelayMs})`,
      );
    }
    this.initialDelayMs = initialDelayMs;
    this.maxDelayMs = maxDelayMs;
    this.maxAttempts = maxAttempts;
  }

  /**
   * The retry state after one more failure with `message`, decided at `now`: `attempts` is the previous count
   * plus one, `lastError` the message with NUL replaced by U+FFFD and cut to 2000 characters, then either a
   * `retryAt` or, at `maxAttempts`, a `parkedAt` of `now`.
   */
  next(previous: WorkflowTimeoutRetry | null, message: string, now: Date): WorkflowTimeoutRetry {
    const attempts = (previous?.attempts ?? 0) + 1;
    const lastError = message.replaceAll("\u0000", "\uFFFD").slice(0, MAX_LAST_ERROR_LENGTH);
    if (attempts >= this.maxAttempts)
      return { attempts, lastError, retryAt: null, parkedAt: new Date(now.getTime()) };
    const delay = Math.min(this.maxDelayMs, this.initialDelayMs * 2 ** (attempts - 1));
    return { attempts, lastError, retryAt: new Date(now.getTime() + delay), parkedAt: null };
  }
}
