import { WorkflowError } from "@duraflows/core";

/**
 * The schema migrator refused to run or a step failed: the server is too old, the database is ahead of this
 * package, a `down` target is invalid, or a step's SQL failed (its transaction rolled back; `cause` holds the
 * driver error). `hint` says what to do next.
 */
export class SchemaMigrationError extends WorkflowError {
  /** What to do about it, in one sentence. */
  readonly hint: string;

  constructor(message: string, hint: string, cause?: unknown) {
    super(message, cause);
    this.hint = hint;
  }
}
