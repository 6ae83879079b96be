import { brandErrorClass } from "./error-brand.js";
import { WorkflowError } from "./workflow-error.js";

/**
 * A workflow definition problem: duplicate or invalid registration, unknown workflow, compile failure,
 * version-bump violation, executability failure or a missing/invalid stored definition version.
 * The message reads `Workflow "<name>": <detail>`.
 */
export class WorkflowDefinitionError extends WorkflowError {
  static {
    brandErrorClass(this, "WorkflowDefinitionError");
  }

  readonly workflowName: string;

  constructor(workflowName: string, message: string, cause?: unknown) {
    super(`Workflow "${workflowName}": ${message}`, cause);
    this.workflowName = workflowName;
  }
}

/**
 * Under `versionPolicy: "latest"`, an instance rests in a state that the latest definition does not define.
 */
export class IncompatibleDefinitionError extends WorkflowError {
  static {
    brandErrorClass(this, "IncompatibleDefinitionError");
  }

  readonly workflowInstanceUuid: string;
  readonly workflowName: string;
  readonly currentState: string;
  readonly version: number;

  constructor(workflowInstanceUuid: string, workflowName: string, currentState: string, version: number) {
    super(
      `Instance "${workflowInstanceUuid}" is in state "${currentState}", which version ${version} of workflow "${workflowName}" does not define`,
    );
    this.workflowInstanceUuid = workflowInstanceUuid;
    this.workflowName = workflowName;
    this.currentState = currentState;
    this.version = version;
  }
}
