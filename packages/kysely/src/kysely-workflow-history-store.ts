import { WorkflowError, type WorkflowHistoryRecord, type WorkflowHistoryStore } from "@duraflows/core";
import type { Kysely, Selectable } from "kysely";
import type { WorkflowDatabase, WorkflowHistoryTable } from "./kysely-database.js";
import { KyselyTransactionContext } from "./kysely-transaction-context.js";

function toRecord(row: Selectable<WorkflowHistoryTable>): WorkflowHistoryRecord {
  return {
    workflowInstanceUuid: row.workflow_instance_uuid,
    fromState: row.from_state,
    eventName: row.event_name,
    toState: row.to_state,
    outcome: row.outcome as WorkflowHistoryRecord["outcome"],
    errorMessage: row.error_message ?? undefined,
    rejectedBy: row.rejected_by ?? undefined,
    commandResultsJson: row.command_results_json,
    triggerMetadata: row.trigger_metadata_json,
    definitionVersion: row.definition_version ?? undefined,
    createdAt: row.created_at,
  };
}

/**
 * {@link WorkflowHistoryStore} on `workflow_history` through Kysely. Runs on the active transaction of `db`
 * when there is one, else on `db`. Row uuids and `created_at` are assigned by the database.
 */
export class KyselyWorkflowHistoryStore<DB extends WorkflowDatabase = WorkflowDatabase>
  implements WorkflowHistoryStore
{
  private readonly db: Kysely<WorkflowDatabase>;

  constructor(db: Kysely<DB>) {
    this.db = db as unknown as Kysely<WorkflowDatabase>;
  }

  private executor(): Kysely<WorkflowDatabase> {
    return KyselyTransactionContext.getTransaction(this.db) ?? this.db;
  }

  /** Inserts the row and returns the uuid the database generated for it. */
  async append(record: WorkflowHistoryRecord): Promise<string> {
    const row = await this.executor()
      .insertInto("workflow_history")
      .values({
        workflow_instance_uuid: record.workflowInstanceUuid,
        from_state: record.fromState,
        event_name: record.eventName,
        to_state: record.toState,
        outcome: record.outcome,
        error_message: record.errorMessage ?? null,
        rejected_by: record.rejectedBy ?? null,
        command_results_json: JSON.stringify(record.commandResultsJson),
        trigger_metadata_json: JSON.stringify(record.triggerMetadata ?? {}),
        definition_version: record.definitionVersion ?? null,
      })
      .returning("uuid")
      .executeTakeFirstOrThrow(
        () =>
          new WorkflowError("Failed to append workflow history: INSERT ... RETURNING uuid returned no row"),
      );
    return row.uuid;
  }

  /** Newest first (`created_at DESC, uuid DESC`); `limit` defaults to 50, `offset` to 0. */
  async findByInstanceUuid(
    uuid: string,
    options: { limit?: number; offset?: number } = {},
  ): Promise<WorkflowHistoryRecord[]> {
    const { limit = 50, offset = 0 } = options;
    const rows = await this.executor()
      .selectFrom("workflow_history")
      .selectAll()
      .where("workflow_instance_uuid", "=", uuid)
      .orderBy("created_at", "desc")
      .orderBy("uuid", "desc")
      .limit(limit)
      .offset(offset)
      .execute();
    return rows.map(toRecord);
  }
}
