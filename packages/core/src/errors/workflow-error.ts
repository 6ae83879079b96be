import { brandErrorClass, isBrandedInstance } from "./error-brand.js";

/**
 * Base class of every error thrown by duraflows. Distinguish errors by class or `name`; there are no string
 * codes. A wrapped failure is available as `cause`.
 *
 * `instanceof` holds across module systems: an error thrown by the CommonJS build matches the class imported from
 * the ESM build and vice versa (each class carries a `Symbol.for("duraflows.<ClassName>")` brand).
 */
export class WorkflowError extends Error {
  static {
    brandErrorClass(this, "WorkflowError");
  }

  /**
   * True for instances of this class or a subclass, including instances created by another copy of the package
   * (its ESM and CommonJS builds loaded in one process).
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isBrandedInstance(this, value);
  }

  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = new.target.name;
  }
}

/** A caller passed an invalid argument or option (bad numbers, idempotency keys, durable inputs, …). */
export class InvalidArgumentError extends WorkflowError {
  static {
    brandErrorClass(this, "InvalidArgumentError");
  }
}
