import { brandErrorClass } from "./error-brand.js";
import { WorkflowError } from "./workflow-error.js";

/** An idempotency key was reused with a different event name or fingerprint. */
export class IdempotencyConflictError extends WorkflowError {
  static {
    brandErrorClass(this, "IdempotencyConflictError");
  }

  readonly workflowInstanceUuid: string;

  constructor(workflowInstanceUuid: string) {
    super(
      `Idempotency key was reused with a different event or fingerprint for instance "${workflowInstanceUuid}"`,
    );
    this.workflowInstanceUuid = workflowInstanceUuid;
  }
}

/** The same idempotency key was re-entered while its first call is still running in the same transaction. */
export class IdempotencyInProgressError extends WorkflowError {
  static {
    brandErrorClass(this, "IdempotencyInProgressError");
  }

  readonly workflowInstanceUuid: string;

  constructor(workflowInstanceUuid: string) {
    super(`Idempotent event is already executing in this transaction for instance "${workflowInstanceUuid}"`);
    this.workflowInstanceUuid = workflowInstanceUuid;
  }
}

/** An idempotency key was given but no `WorkflowIdempotencyStore` is configured. */
export class IdempotencyNotSupportedError extends WorkflowError {
  static {
    brandErrorClass(this, "IdempotencyNotSupportedError");
  }

  constructor() {
    super("An idempotency key requires a configured WorkflowIdempotencyStore");
  }
}
