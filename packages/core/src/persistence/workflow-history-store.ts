import type { CommandResult } from "../runtime/types.js";

/** One audit row. Rows carry no `uuid` field in this shape; `append` returns it. */
export interface WorkflowHistoryRecord {
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

/** Append-only audit history. */
export interface WorkflowHistoryStore {
  /** Appends a row and returns its generated uuid. */
  append(record: WorkflowHistoryRecord): Promise<string>;
  /** Newest first (`created_at DESC, uuid DESC`); defaults limit 50, offset 0. */
  findByInstanceUuid(
    uuid: string,
    options?: { limit?: number; offset?: number },
  ): Promise<WorkflowHistoryRecord[]>;
}
