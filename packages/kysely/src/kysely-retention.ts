import { randomUUID } from "node:crypto";
import type {
  HistoryPartitionMaintenanceInput,
  HistoryPartitionMaintenanceResult,
  HistoryPruneBatch,
  InstancePurgeBatch,
} from "@duraflows/core";
import type { CompiledQuery, Kysely } from "kysely";

// The same statements as @duraflows/pg's retention SQL: a row is prunable when it is old enough, of the named
// workflow when one is named, and has at least keepLast newer rows of its instance.
const PRUNABLE = `FROM workflow_history h
WHERE ($1::timestamptz IS NULL OR h.created_at < $1)
  AND ($3::text IS NULL OR EXISTS (
    SELECT 1 FROM workflow_instances i WHERE i.uuid = h.workflow_instance_uuid AND i.workflow_name = $3))
  AND EXISTS (
    SELECT 1 FROM workflow_history newer
    WHERE newer.workflow_instance_uuid = h.workflow_instance_uuid AND newer.seq > h.seq
    OFFSET $2::int - 1 LIMIT 1)`;

const PURGEABLE = `FROM workflow_instances
WHERE workflow_name = $1 AND current_state = ANY ($2::text[]) AND last_transition_at < $3`;

// Built by hand: kysely is imported for types only, so the CommonJS build works on ESM-only Kysely releases.
function compiled(sql: string, parameters: readonly unknown[]): CompiledQuery {
  return Object.freeze({
    sql,
    parameters: Object.freeze([...parameters]),
    query: Object.freeze({ kind: "RawNode" as const, sqlFragments: Object.freeze([sql]), parameters: [] }),
    queryId: Object.freeze({ queryId: `duraflows_${randomUUID()}` }),
  });
}

/**
 * Deletes at most `limit` prunable history rows (SKIP LOCKED), by instance, seq and created_at.
 *
 * @internal
 */
export async function pruneHistoryBatch(db: Kysely<any>, batch: HistoryPruneBatch): Promise<number> {
  const result = await db.executeQuery(
    compiled(
      `WITH doomed AS (
  SELECT h.workflow_instance_uuid, h.seq, h.created_at
  ${PRUNABLE}
  LIMIT $4
  FOR UPDATE OF h SKIP LOCKED
)
DELETE FROM workflow_history h
USING doomed d
WHERE h.workflow_instance_uuid = d.workflow_instance_uuid AND h.seq = d.seq AND h.created_at = d.created_at`,
      [batch.olderThan, batch.keepLast, batch.workflowName, batch.limit],
    ),
  );
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
  const { rows } = await db.executeQuery<{ n: string }>(
    compiled(`SELECT count(*)::bigint AS n\n${PRUNABLE}`, [
      batch.olderThan,
      batch.keepLast,
      batch.workflowName,
    ]),
  );
  return Number(rows[0]!.n);
}

/**
 * Deletes at most `limit` terminal instances and their history in one statement (SKIP LOCKED; receipts and
 * executions follow by ON DELETE CASCADE).
 *
 * @internal
 */
export async function purgeInstancesBatch(db: Kysely<any>, batch: InstancePurgeBatch): Promise<number> {
  const result = await db.executeQuery(
    compiled(
      `WITH doomed AS (
  SELECT uuid
  ${PURGEABLE}
  LIMIT $4
  FOR UPDATE SKIP LOCKED
), history AS (
  DELETE FROM workflow_history WHERE workflow_instance_uuid IN (SELECT uuid FROM doomed)
)
DELETE FROM workflow_instances WHERE uuid IN (SELECT uuid FROM doomed)`,
      [batch.workflowName, [...batch.terminalStates], batch.terminalBefore, batch.limit],
    ),
  );
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
  const { rows } = await db.executeQuery<{ n: string }>(
    compiled(`SELECT count(*)::bigint AS n\n${PURGEABLE}`, [
      batch.workflowName,
      [...batch.terminalStates],
      batch.terminalBefore,
    ]),
  );
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
    compiled(
      "SELECT action, partition_name FROM duraflows_maintain_history_partitions($1::integer, $2::timestamptz, $3::boolean)",
      [input.premake, input.dropBefore, input.detachOnly],
    ),
  );
  const result: HistoryPartitionMaintenanceResult = { created: [], detached: [], dropped: [] };
  for (const row of rows) {
    if (row.action === "created") result.created.push(row.partition_name);
    else if (row.action === "detached") result.detached.push(row.partition_name);
    else if (row.action === "dropped") result.dropped.push(row.partition_name);
  }
  return result;
}
