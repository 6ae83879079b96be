/** Retry bookkeeping of a failing timeout. `null` on the instance when nothing failed. */
export interface WorkflowTimeoutRetry {
  attempts: number;
  lastError: string;
  retryAt: Date | null;
  parkedAt: Date | null;
}

/** Backoff of failing timeouts: wait `min(maxDelayMs, initialDelayMs × 2^(n−1))`, park after `maxAttempts`. */
export interface WorkflowTimeoutRetryOptions {
  /** Default 60 000. */
  initialDelayMs?: number;
  /** Default 3 600 000. */
  maxDelayMs?: number;
  /** Default 10. */
  maxAttempts?: number;
}
