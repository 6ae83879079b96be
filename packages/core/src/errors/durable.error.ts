import { brandErrorClass } from "./error-brand.js";
import { WorkflowError } from "./workflow-error.js";

/** A durable-execution method was called but no `WorkflowExecutionStore` is configured. */
export class DurableExecutionNotSupportedError extends WorkflowError {
  static {
    brandErrorClass(this, "DurableExecutionNotSupportedError");
  }

  constructor() {
    super("Durable execution requires a configured WorkflowExecutionStore");
  }
}

/** The instance is occupied by a pending, running or parked durable execution. */
export class WorkflowInstanceBusyError extends WorkflowError {
  static {
    brandErrorClass(this, "WorkflowInstanceBusyError");
  }

  readonly workflowInstanceUuid: string;

  constructor(workflowInstanceUuid: string) {
    super(`Instance "${workflowInstanceUuid}" has an active durable execution`);
    this.workflowInstanceUuid = workflowInstanceUuid;
  }
}

/** A durable worker lost its lease (it expired or another worker took over); reported as skipped. */
export class ExecutionLeaseLostError extends WorkflowError {
  static {
    brandErrorClass(this, "ExecutionLeaseLostError");
  }

  constructor() {
    super("Durable execution lease expired or changed owner");
  }
}
