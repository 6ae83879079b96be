/** What a command (or guard-free step) reports back. */
export interface CommandResult {
  /** `false` marks a business failure: routes to `errorState`, or fails the transition without one. */
  ok: boolean;
  code?: string;
  message?: string;
  metadata?: Record<string, unknown>;
  error?: { name: string; message: string; stack?: string };
}
