import { WorkflowError, type WorkflowHistoryRecord, type WorkflowHistoryStore } from "@duraflows/core";
import type { Pool, PoolClient } from "pg";
import { PgTransactionContext } from "./pg-transaction-context.js";
import { insertHistory, selectHistoryByInstance } from "./sql/workflow-history.sql.js";

/** A `workflow_history` row as `pg` returns it. */
interface HistoryRow {
  uuid: string;
  workflow_instance_uuid: string;
  from_state: string | null;
  event_name: string;
  to_state: string;
  outcome: WorkflowHistoryRecord["outcome"];
  error_message: string | null;
  rejected_by: string | null;
  command_results_json: WorkflowHistoryRecord["commandResultsJson"];
  trigger_metadata_json: Record<string, unknown>;
  definition_version: number | null;
  created_at: Date;
}

function toRecord(row: HistoryRow): WorkflowHistoryRecord {
  return {
    workflowInstanceUuid: row.workflow_instance_uuid,
    fromState: row.from_state,
    eventName: row.event_name,
    toState: row.to_state,
    outcome: row.outcome,
    errorMessage: row.error_message ?? undefined,
    rejectedBy: row.rejected_by ?? undefined,
    commandResultsJson: row.command_results_json,
    triggerMetadata: row.trigger_metadata_json,
    definitionVersion: row.definition_version ?? undefined,
    createdAt: new Date(row.created_at),
  };
}

/** Append-only `WorkflowHistoryStore` on `workflow_history`; uuids and `createdAt` come from the database. */
export class PgWorkflowHistoryStore implements WorkflowHistoryStore {
  constructor(private readonly pool: Pool) {}

  private executor(): Pool | PoolClient {
    return PgTransactionContext.getClient(this.pool) ?? this.pool;
  }

  /** Inserts the row and returns the uuid the database generated. */
  async append(record: WorkflowHistoryRecord): Promise<string> {
    const { rows } = await this.executor().query<{ uuid: string }>(insertHistory(record));
    const uuid = rows[0]?.uuid;
    if (!uuid)
      throw new WorkflowError("Failed to append workflow history: INSERT ... RETURNING uuid returned no row");
    return uuid;
  }

  /** Newest first (`created_at DESC, uuid DESC`); `limit` 50 and `offset` 0 by default. */
  async findByInstanceUuid(
    uuid: string,
    options: { limit?: number; offset?: number } = {},
  ): Promise<WorkflowHistoryRecord[]> {
    const query = selectHistoryByInstance(uuid, options.limit ?? 50, options.offset ?? 0);
    const { rows } = await this.executor().query<HistoryRow>(query);
    return rows.map(toRecord);
  }
}
