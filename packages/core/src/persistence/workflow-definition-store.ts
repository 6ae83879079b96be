import type { WorkflowDefinition } from "../definition/types.js";

/** A definition version as stored. */
export interface StoredWorkflowDefinition {
  workflowName: string;
  version: number;
  /** `sha256:<64 hex>` of the canonical form, see `computeDefinitionHash`. */
  contentHash: string;
  definitionJson: WorkflowDefinition;
  registeredAt: Date;
}

/** Stores every definition version ever used, so pinned instances keep running theirs. */
export interface WorkflowDefinitionStore {
  /** Inserts the row if `(workflowName, version)` is absent and returns the stored row; never overwrites. */
  ensure(input: {
    workflowName: string;
    version: number;
    contentHash: string;
    definitionJson: WorkflowDefinition;
  }): Promise<StoredWorkflowDefinition>;
  findByNameAndVersion(workflowName: string, version: number): Promise<StoredWorkflowDefinition | null>;
  /** Ascending by version; `[]` when none. */
  listVersions(workflowName: string): Promise<StoredWorkflowDefinition[]>;
}
