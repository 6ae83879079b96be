import type { SqlQuery } from "../sql-query.js";

/** Input of {@link insertDefinitionIfAbsent}. */
export interface DefinitionRow {
  workflowName: string;
  version: number;
  contentHash: string;
  definitionJson: unknown;
}

/*
 * ON CONFLICT DO NOTHING makes concurrent `ensure` calls for the same (name, version) safe without a lock:
 * exactly one insert wins, the others become no-ops and re-select the winner's row. An upsert (DO UPDATE)
 * was rejected because a stored version must never be overwritten.
 */
/** INSERT of a definition version unless that (name, version) exists. */
export function insertDefinitionIfAbsent(row: DefinitionRow): SqlQuery {
  return {
    text: `INSERT INTO workflow_definitions (workflow_name, version, content_hash, definition_json)
VALUES ($1, $2, $3, $4)
ON CONFLICT (workflow_name, version) DO NOTHING`,
    values: [row.workflowName, row.version, row.contentHash, JSON.stringify(row.definitionJson)],
  };
}

/** One definition version by its key. */
export function selectDefinition(workflowName: string, version: number): SqlQuery {
  return {
    text: `SELECT *
FROM workflow_definitions
WHERE workflow_name = $1
  AND version = $2`,
    values: [workflowName, version],
  };
}

/** Every stored version of a workflow, ascending. */
export function selectDefinitionVersions(workflowName: string): SqlQuery {
  return {
    text: `SELECT *
FROM workflow_definitions
WHERE workflow_name = $1
ORDER BY version`,
    values: [workflowName],
  };
}
