import type { CommandResult } from "./command-result.js";
import type { WorkflowExecutionContext } from "./workflow-execution-context.js";

/**
 * A command handler. Return `{ ok: true }` on success, `{ ok: false, code?, message? }` for a business
 * failure; throw for an unexpected error (the transaction rolls back).
 */
export interface WorkflowCommand<TSubject = unknown> {
  /** Optional descriptive name; registries key commands by the name they are registered under. */
  readonly name?: string;
  /** A best-effort command's failure or throw is recorded but never affects the outcome. */
  readonly bestEffort?: boolean;
  execute(subject: TSubject, ctx: WorkflowExecutionContext): CommandResult | Promise<CommandResult>;
}
