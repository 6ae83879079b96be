import type { DurableExecutionOptions } from "../model/durable-execution-options.js";

const MAX_EXPONENT = 52;

/**
 * Wait before the next attempt after `attempts` claimed attempts:
 * `min(maxDelayMs, initialDelayMs × 2^min(attempts − 1, 52))` (the exponent is capped so the product stays
 * finite; it never goes below 0).
 *
 * @internal
 */
export function durableBackoffDelayMs(
  policy: Pick<Required<DurableExecutionOptions>, "initialDelayMs" | "maxDelayMs">,
  attempts: number,
): number {
  const exponent = Math.max(0, Math.min(attempts - 1, MAX_EXPONENT));
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** exponent);
}

/**
 * When a failed execution becomes available again: `now + durableBackoffDelayMs(policy, attempts)`.
 *
 * @internal
 */
export function durableAvailableAt(
  now: Date,
  policy: Pick<Required<DurableExecutionOptions>, "initialDelayMs" | "maxDelayMs">,
  attempts: number,
): Date {
  return new Date(now.getTime() + durableBackoffDelayMs(policy, attempts));
}
