import type {
  HistoryPartitionMaintenanceInput,
  HistoryPartitionMaintenanceResult,
  HistoryPruneBatch,
  InstancePurgeBatch,
} from "@duraflows/core";
import {
  countPrunableHistory as countPrunableHistoryQuery,
  countPurgeableInstances as countPurgeableInstancesQuery,
  pruneHistoryBatch as pruneHistoryBatchQuery,
  purgeInstancesBatch as purgeInstancesBatchQuery,
} from "@duraflows/sql";
import type { Kysely } from "kysely";
import { compiledQuery } from "./compiled-query.js";

/**
 * Deletes at most `limit` prunable history rows (SKIP LOCKED), by instance, seq and created_at.
 *
 * @internal
 */
export async function pruneHistoryBatch(db: Kysely<any>, batch: HistoryPruneBatch): Promise<number> {
  const result = await db.executeQuery(compiledQuery(pruneHistoryBatchQuery(batch)));
  return Number(result.numAffectedRows ?? 0);
}

/**
 * How many rows {@link pruneHistoryBatch} would delete without a limit.
 *
 * @internal
 */
export async function countPrunableHistory(
  db: Kysely<any>,
  batch: Omit<HistoryPruneBatch, "limit">,
): Promise<number> {
  const { rows } = await db.executeQuery<{ n: string }>(compiledQuery(countPrunableHistoryQuery(batch)));
  return Number(rows[0]!.n);
}

/**
 * Deletes at most `limit` terminal instances and their history in one statement (SKIP LOCKED; receipts and
 * executions follow by ON DELETE CASCADE).
 *
 * @internal
 */
export async function purgeInstancesBatch(db: Kysely<any>, batch: InstancePurgeBatch): Promise<number> {
  const result = await db.executeQuery(compiledQuery(purgeInstancesBatchQuery(batch)));
  return Number(result.numAffectedRows ?? 0);
}

/**
 * How many instances {@link purgeInstancesBatch} would delete without a limit.
 *
 * @internal
 */
export async function countPurgeableInstances(
  db: Kysely<any>,
  batch: Omit<InstancePurgeBatch, "limit">,
): Promise<number> {
  const { rows } = await db.executeQuery<{ n: string }>(compiledQuery(countPurgeableInstancesQuery(batch)));
  return Number(rows[0]!.n);
}

/**
 * One pass of the maintenance function that `generateHistoryPartitioningSql` (`@duraflows/pg`) installs.
 *
 * @internal
 */
export async function maintainHistoryPartitions(
  db: Kysely<any>,
  input: HistoryPartitionMaintenanceInput,
): Promise<HistoryPartitionMaintenanceResult> {
  const { rows } = await db.executeQuery<{ action: string; partition_name: string }>(
    compiledQuery({
      text: "SELECT action, partition_name FROM duraflows_maintain_history_partitions($1::integer, $2::timestamptz, $3::boolean)",
      values: [input.premake, input.dropBefore, input.detachOnly],
    }),
  );
  const result: HistoryPartitionMaintenanceResult = { created: [], detached: [], dropped: [] };
  for (const row of rows) {
    if (row.action === "created") result.created.push(row.partition_name);
    else if (row.action === "detached") result.detached.push(row.partition_name);
    else if (row.action === "dropped") result.dropped.push(row.partition_name);
  }
  return result;
}
