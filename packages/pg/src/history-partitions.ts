import type { HistoryPartitionMaintenanceInput, HistoryPartitionMaintenanceResult } from "@duraflows/core";
import type { Pool, PoolClient } from "pg";
import {
  generateHistoryPartitioningSql,
  type HistoryPartitioningOptions,
  MAINTAIN_HISTORY_PARTITIONS_SQL,
} from "./schema/history-partitioning-ddl.js";

/**
 * Turns `workflow_history` into a table range-partitioned by `created_at` (see
 * {@link generateHistoryPartitioningSql}) on a connection of `pool`, and resolves when it has committed. Does
 * nothing but reinstall the maintenance function when the table is partitioned already.
 *
 * @example
 * ```ts
 * await partitionHistory(pool, { interval: "month", premake: 3 });
 * ```
 */
export async function partitionHistory(pool: Pool, options: HistoryPartitioningOptions = {}): Promise<void> {
  const sql = generateHistoryPartitioningSql(options);
  const client = await pool.connect();
  try {
    await client.query(sql);
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Runs one maintenance pass on a history table partitioned by {@link partitionHistory}: creates the partitions
 * up to `premake` ahead and detaches (and drops, unless `detachOnly`) those whose range ends at or before
 * `dropBefore`. Each existing instance's newest row is kept (it moves to the default partition).
 *
 * @example
 * ```ts
 * const done = await maintainHistoryPartitions(pool, { premake: 3, dropBefore: new Date("2026-01-01"), detachOnly: false });
 * ```
 */
export async function maintainHistoryPartitions(
  executor: Pool | PoolClient,
  input: HistoryPartitionMaintenanceInput,
): Promise<HistoryPartitionMaintenanceResult> {
  const { rows } = await executor.query<{ action: string; partition_name: string }>(
    MAINTAIN_HISTORY_PARTITIONS_SQL,
    [input.premake, input.dropBefore, input.detachOnly],
  );
  const result: HistoryPartitionMaintenanceResult = { created: [], detached: [], dropped: [] };
  for (const row of rows) {
    if (row.action === "created") result.created.push(row.partition_name);
    else if (row.action === "detached") result.detached.push(row.partition_name);
    else if (row.action === "dropped") result.dropped.push(row.partition_name);
  }
  return result;
}
