import type { WorkflowDefinition } from "../definition/types.js";
import type {
  StoredWorkflowDefinition,
  WorkflowDefinitionStore,
} from "../persistence/workflow-definition-store.js";
import type { InMemoryTransactionRunner } from "./in-memory-transaction-runner.js";

/**
 * A {@link WorkflowDefinitionStore} in memory: `ensure` inserts once and never overwrites; every read returns
 * an independent copy. With a transaction runner, rows inserted in a rolled-back transaction disappear.
 *
 * @example
 * ```ts
 * const definitions = new InMemoryDefinitionStore(runner);
 * ```
 */
export class InMemoryDefinitionStore implements WorkflowDefinitionStore {
  private readonly rows = new Map<string, StoredWorkflowDefinition>();

  constructor(private readonly transactionRunner?: InMemoryTransactionRunner) {}

  /** Inserts the row when `(workflowName, version)` is absent; returns the stored row. */
  async ensure(input: {
    workflowName: string;
    version: number;
    contentHash: string;
    definitionJson: WorkflowDefinition;
  }): Promise<StoredWorkflowDefinition> {
    const key = keyOf(input.workflowName, input.version);
    let row = this.rows.get(key);
    if (!row) {
      row = {
        workflowName: input.workflowName,
        version: input.version,
        contentHash: input.contentHash,
        definitionJson: JSON.parse(JSON.stringify(input.definitionJson)) as WorkflowDefinition,
        registeredAt: new Date(),
      };
      this.rows.set(key, row);
      this.transactionRunner?.recordUndo(() => this.rows.delete(key));
    }
    return structuredClone(row);
  }

  /** The row, or `null`. */
  async findByNameAndVersion(
    workflowName: string,
    version: number,
  ): Promise<StoredWorkflowDefinition | null> {
    const row = this.rows.get(keyOf(workflowName, version));
    return row ? structuredClone(row) : null;
  }

  /** Every version of the workflow, ascending. */
  async listVersions(workflowName: string): Promise<StoredWorkflowDefinition[]> {
    return [...this.rows.values()]
      .filter((row) => row.workflowName === workflowName)
      .sort((a, b) => a.version - b.version)
      .map((row) => structuredClone(row));
  }
}

function keyOf(workflowName: string, version: number): string {
  return JSON.stringify([workflowName, version]);
}
