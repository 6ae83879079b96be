import {
  WorkflowError,
  type StoredWorkflowDefinition,
  type WorkflowDefinition,
  type WorkflowDefinitionStore,
} from "@duraflows/core";
import type { Kysely, Selectable } from "kysely";
import type { WorkflowDatabase, WorkflowDefinitionsTable } from "./kysely-database.js";
import { KyselyTransactionContext } from "./kysely-transaction-context.js";

function toStored(row: Selectable<WorkflowDefinitionsTable>): StoredWorkflowDefinition {
  return {
    workflowName: row.workflow_name,
    version: row.version,
    contentHash: row.content_hash,
    definitionJson: row.definition_json as unknown as WorkflowDefinition,
    registeredAt: row.registered_at,
  };
}

/**
 * {@link WorkflowDefinitionStore} on `workflow_definitions` through Kysely. Runs on the active transaction
 * of `db` when there is one (the runtime ensures versions inside instance-stamping transactions), else on
 * `db`.
 */
export class KyselyWorkflowDefinitionStore<DB extends WorkflowDatabase = WorkflowDatabase>
  implements WorkflowDefinitionStore
{
  private readonly db: Kysely<WorkflowDatabase>;

  constructor(db: Kysely<DB>) {
    this.db = db as unknown as Kysely<WorkflowDatabase>;
  }

  private executor(): Kysely<WorkflowDatabase> {
    return KyselyTransactionContext.getTransaction(this.db) ?? this.db;
  }

  /** Inserts the version unless it exists (`ON CONFLICT DO NOTHING`), then returns the stored row. */
  async ensure(input: {
    workflowName: string;
    version: number;
    contentHash: string;
    definitionJson: WorkflowDefinition;
  }): Promise<StoredWorkflowDefinition> {
    await this.executor()
      .insertInto("workflow_definitions")
      .values({
        workflow_name: input.workflowName,
        version: input.version,
        content_hash: input.contentHash,
        definition_json: JSON.stringify(input.definitionJson),
      })
      .onConflict((oc) => oc.columns(["workflow_name", "version"]).doNothing())
      .execute();
    const stored = await this.findByNameAndVersion(input.workflowName, input.version);
    if (stored === null) {
      throw new WorkflowError(
        `Failed to ensure workflow definition "${input.workflowName}" version ${input.version}`,
      );
    }
    return stored;
  }

  /** The stored version, or `null`. */
  async findByNameAndVersion(
    workflowName: string,
    version: number,
  ): Promise<StoredWorkflowDefinition | null> {
    const row = await this.executor()
      .selectFrom("workflow_definitions")
      .selectAll()
      .where("workflow_name", "=", workflowName)
      .where("version", "=", version)
      .executeTakeFirst();
    return row === undefined ? null : toStored(row);
  }

  /** Every stored version of the workflow, ascending; `[]` when none. */
  async listVersions(workflowName: string): Promise<StoredWorkflowDefinition[]> {
    const rows = await this.executor()
      .selectFrom("workflow_definitions")
      .selectAll()
      .where("workflow_name", "=", workflowName)
      .orderBy("version")
      .execute();
    return rows.map(toStored);
  }
}
