import type { CommandResult } from "./command-result.js";

/** The result of `triggerEvent`. */
export interface WorkflowExecutionResult {
  outcome: "success" | "failure" | "guard-rejected";
  fromState: string;
  /** The final landing state after any onEnter chain. */
  toState: string;
  commandResults: CommandResult[];
  /** Uuid of the last history row written. */
  historyUuid: string;
  rejectedBy?: string;
}
