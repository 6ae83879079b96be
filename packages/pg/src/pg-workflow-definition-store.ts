import {
  WorkflowError,
  type StoredWorkflowDefinition,
  type WorkflowDefinition,
  type WorkflowDefinitionStore,
} from "@duraflows/core";
import type { Pool, PoolClient } from "pg";
import { PgTransactionContext } from "./pg-transaction-context.js";
import { insertDefinitionIfAbsent, selectDefinition, selectDefinitionVersions } from "@duraflows/sql";

/** A `workflow_definitions` row as `pg` returns it. */
interface DefinitionRow {
  workflow_name: string;
  version: number;
  content_hash: string;
  definition_json: WorkflowDefinition;
  registered_at: Date;
}

function toStored(row: DefinitionRow): StoredWorkflowDefinition {
  return {
    workflowName: row.workflow_name,
    version: row.version,
    contentHash: row.content_hash,
    definitionJson: row.definition_json,
    registeredAt: new Date(row.registered_at),
  };
}

/** `WorkflowDefinitionStore` on `workflow_definitions`: insert-once rows, never overwritten. */
export class PgWorkflowDefinitionStore implements WorkflowDefinitionStore {
  constructor(private readonly pool: Pool) {}

  private executor(): Pool | PoolClient {
    return PgTransactionContext.getClient(this.pool) ?? this.pool;
  }

  /** Inserts the version unless it exists, then returns the stored row (the existing one wins). */
  async ensure(input: {
    workflowName: string;
    version: number;
    contentHash: string;
    definitionJson: WorkflowDefinition;
  }): Promise<StoredWorkflowDefinition> {
    await this.executor().query(insertDefinitionIfAbsent(input));
    const stored = await this.findByNameAndVersion(input.workflowName, input.version);
    if (stored === null) {
      throw new WorkflowError(
        `Failed to ensure workflow definition "${input.workflowName}" version ${input.version}`,
      );
    }
    return stored;
  }

  /** One version, or `null`. */
  async findByNameAndVersion(
    workflowName: string,
    version: number,
  ): Promise<StoredWorkflowDefinition | null> {
    const { rows } = await this.executor().query<DefinitionRow>(selectDefinition(workflowName, version));
    return rows.length === 0 ? null : toStored(rows[0]);
  }

  /** Every stored version of the workflow, ascending; `[]` when none. */
  async listVersions(workflowName: string): Promise<StoredWorkflowDefinition[]> {
    const { rows } = await this.executor().query<DefinitionRow>(selectDefinitionVersions(workflowName));
    return rows.map(toStored);
  }
}
