import type { CommandResult } from "./command-result.js";

/**
 * One audit row. `uuid` and `createdAt` are assigned by the store on append and present on every row read back;
 * a record passed to `append` leaves them out (a `uuid` given there is ignored).
 */
export interface WorkflowHistoryRecord {
  /**
   * The row's uuid, assigned by the store on append (the value `append` returns): present on read. It is the
   * `historyUuid` of the trigger result that wrote the row, so results and history rows can be matched.
   */
  uuid?: string;
  workflowInstanceUuid: string;
  fromState: string | null;
  eventName: string;
  toState: string;
  outcome: "success" | "failure" | "guard-rejected";
  errorMessage?: string;
  rejectedBy?: string;
  commandResultsJson: CommandResult[];
  triggerMetadata?: Record<string, unknown>;
  definitionVersion?: number | null;
  /** Assigned by the store (the database) on append; present on read. */
  createdAt?: Date;
}
