import { brandErrorClass } from "./error-brand.js";
import { InvalidArgumentError } from "./workflow-error.js";

/** One problem found by a workflow schema, with the path of the offending value. */
export interface WorkflowSchemaIssue {
  /** The schema library's message. */
  message: string;
  /** Keys from the validated value's root to the offending value; empty for the root itself. */
  path: (string | number)[];
}

/**
 * One line listing every issue, each as `path: message` (just the message for the root).
 *
 * @internal
 */
export function formatSchemaIssues(issues: readonly WorkflowSchemaIssue[]): string {
  return issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
}

/**
 * A value given to a typed workflow does not match its schema (context or metadata at `createInstance`, an
 * event payload at `triggerEvent`/`enqueueEvent`). Nothing was written. An `InvalidArgumentError`, so the
 * NestJS controllers answer 400 and list {@link WorkflowSchemaValidationError.issues}.
 *
 * @example
 * ```ts
 * try {
 *   await handle.triggerEvent("PaymentReceived", { subject: { amount: -1 } });
 * } catch (error) {
 *   if (error instanceof WorkflowSchemaValidationError) console.log(error.target, error.issues);
 * }
 * ```
 */
export class WorkflowSchemaValidationError extends InvalidArgumentError {
  static {
    brandErrorClass(this, "WorkflowSchemaValidationError");
  }

  constructor(
    /** What was validated: `"context"`, `"metadata"` or `"payload of <event>"`. */
    readonly target: string,
    /** Every issue the schema reported. */
    readonly issues: WorkflowSchemaIssue[],
    /** The workflow whose schema rejected the value. */
    readonly workflowName: string,
  ) {
    super(`Invalid ${target} for workflow "${workflowName}": ${formatSchemaIssues(issues)}`);
  }
}
