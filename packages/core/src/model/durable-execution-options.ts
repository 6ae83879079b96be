/** Lease and retry policy of durable workers. */
export interface DurableExecutionOptions {
  /** Default 30 000. */
  leaseDurationMs?: number;
  /** Default 1 000. */
  initialDelayMs?: number;
  /** Default 3 600 000. */
  maxDelayMs?: number;
  /** Default 10. */
  maxAttempts?: number;
}
