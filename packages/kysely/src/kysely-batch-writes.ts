import type { WorkflowHistoryRecord, WorkflowInstance } from "@duraflows/core";
import {
  insertHistoryRows as insertHistoryRowsQuery,
  optimisticLockingError,
  updateInstances as updateInstancesQuery,
} from "@duraflows/sql";
import type { Kysely } from "kysely";
import { compiledQuery } from "./compiled-query.js";
import type { WorkflowDatabase } from "./kysely-database.js";

/**
 * `update` of many instances in one statement (version-guarded per row; no lock of its own: the sweep claimed
 * the rows with findExpired in the same transaction); throws the optimistic-locking error of the first
 * instance (in input order) the version guard refused (the caller's transaction rolls the rest back).
 *
 * @internal
 */
export async function updateInstances(
  executor: Kysely<WorkflowDatabase>,
  instances: readonly WorkflowInstance[],
): Promise<void> {
  if (instances.length === 0) return;
  const result = await executor.executeQuery<{ uuid: string }>(
    compiledQuery(updateInstancesQuery(instances)),
  );
  if (result.rows.length === instances.length) return;
  const written = new Set(result.rows.map((row) => row.uuid));
  const refused = instances.find((instance) => !written.has(instance.uuid)) ?? instances[0];
  throw optimisticLockingError(refused.uuid, refused.version - 1);
}

/**
 * Appends history rows with one statement; the generated uuids come back in input order.
 *
 * @internal
 */
export async function insertHistoryRows(
  executor: Kysely<WorkflowDatabase>,
  records: readonly WorkflowHistoryRecord[],
): Promise<string[]> {
  if (records.length === 0) return [];
  const { rows } = await executor.executeQuery<{ uuid: string }>(
    compiledQuery(insertHistoryRowsQuery(records)),
  );
  return rows.map((row) => row.uuid);
}
