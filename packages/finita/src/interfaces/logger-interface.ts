/** A minimal PSR-3-style logger. */
export interface LoggerInterface {
  /** Logs a message at a level with an optional context object. */
  log(level: string, message: string, context?: Record<string, unknown>): void;
}
