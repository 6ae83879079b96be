import type { CommandResult } from "../model/command-result.js";
import { brandErrorClass } from "./error-brand.js";
import { WorkflowError } from "./workflow-error.js";

/** No workflow instance exists with the given uuid. */
export class WorkflowInstanceNotFoundError extends WorkflowError {
  static {
    brandErrorClass(this, "WorkflowInstanceNotFoundError");
  }

  readonly workflowInstanceUuid: string;

  constructor(workflowInstanceUuid: string) {
    super(`Workflow instance "${workflowInstanceUuid}" not found`);
    this.workflowInstanceUuid = workflowInstanceUuid;
  }
}

/** The event is not defined in the instance's current state. */
export class InvalidEventError extends WorkflowError {
  static {
    brandErrorClass(this, "InvalidEventError");
  }

  readonly workflowInstanceUuid: string;
  readonly currentState: string;
  readonly eventName: string;

  constructor(workflowInstanceUuid: string, currentState: string, eventName: string) {
    super(
      `Event "${eventName}" is not available on state "${currentState}" for instance "${workflowInstanceUuid}"`,
    );
    this.workflowInstanceUuid = workflowInstanceUuid;
    this.currentState = currentState;
    this.eventName = eventName;
  }
}

/**
 * A mandatory command returned `ok: false` and the event (or onEnter, then `eventName` is `"onEnter"`)
 * declares no `errorState`. The transaction is rolled back.
 */
export class CommandFailureError extends WorkflowError {
  static {
    brandErrorClass(this, "CommandFailureError");
  }

  readonly workflowInstanceUuid: string;
  readonly eventName: string;
  readonly commandName: string;
  readonly result: CommandResult;

  constructor(workflowInstanceUuid: string, eventName: string, commandName: string, result: CommandResult) {
    super(
      `Command "${commandName}" failed for event "${eventName}" on instance "${workflowInstanceUuid}": ${
        result?.message ?? result?.code ?? "unknown"
      }`,
    );
    this.workflowInstanceUuid = workflowInstanceUuid;
    this.eventName = eventName;
    this.commandName = commandName;
    this.result = result;
  }
}

/** An onEnter chain visited more states with an onEnter than `maxOnEnterDepth` allows. */
export class OnEnterDepthExceededError extends WorkflowError {
  static {
    brandErrorClass(this, "OnEnterDepthExceededError");
  }

  readonly workflowInstanceUuid: string;
  readonly stateName: string;
  readonly depth: number;

  constructor(workflowInstanceUuid: string, stateName: string, depth: number) {
    super(
      `onEnter chain exceeded maximum depth of ${depth} at state "${stateName}" for instance "${workflowInstanceUuid}"`,
    );
    this.workflowInstanceUuid = workflowInstanceUuid;
    this.stateName = stateName;
    this.depth = depth;
  }
}
