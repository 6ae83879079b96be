import type { WorkflowExecutionContext } from "./workflow-execution-context.js";

/** A pure precondition evaluated before an event's commands. */
export interface WorkflowGuard<TSubject = unknown> {
  readonly name: string;
  evaluate(subject: TSubject, ctx: WorkflowExecutionContext): boolean | Promise<boolean>;
}
