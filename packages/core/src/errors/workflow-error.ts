/**
 * Base class of every error thrown by duraflows. Distinguish errors by class or `name`; there are no string
 * codes. A wrapped failure is available as `cause`.
 */
export class WorkflowError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = new.target.name;
  }
}

/** A caller passed an invalid argument or option (bad numbers, idempotency keys, durable inputs, …). */
export class InvalidArgumentError extends WorkflowError {}
