import type { HistoryPruneBatch, InstancePurgeBatch } from "@duraflows/core";
import { type Kysely, sql } from "kysely";

// The same statements as @duraflows/pg's retention SQL (see its TSDoc): prunable rows are old enough, of the
// named workflow when one is named, and have at least keepLast newer rows of their instance.
function prunable(batch: Omit<HistoryPruneBatch, "limit">) {
  return sql`FROM workflow_history h
WHERE (${batch.olderThan}::timestamptz IS NULL OR h.created_at < ${batch.olderThan}::timestamptz)
  AND (${batch.workflowName}::text IS NULL OR EXISTS (
    SELECT 1 FROM workflow_instances i
    WHERE i.uuid = h.workflow_instance_uuid AND i.workflow_name = ${batch.workflowName}::text))
  AND EXISTS (
    SELECT 1 FROM workflow_history newer
    WHERE newer.workflow_instance_uuid = h.workflow_instance_uuid AND newer.seq > h.seq
    OFFSET ${batch.keepLast}::int - 1 LIMIT 1)`;
}

function purgeable(batch: Omit<InstancePurgeBatch, "limit">) {
  return sql`FROM workflow_instances
WHERE workflow_name = ${batch.workflowName} AND current_state = ANY (${[...batch.terminalStates]}::text[])
  AND last_transition_at < ${batch.terminalBefore}::timestamptz`;
}

/**
 * Deletes at most `limit` prunable history rows (SKIP LOCKED, by ctid).
 *
 * @internal
 */
export async function pruneHistoryBatch(db: Kysely<any>, batch: HistoryPruneBatch): Promise<number> {
  const result = await sql`WITH doomed AS (
  SELECT h.ctid AS row_id ${prunable(batch)}
  LIMIT ${batch.limit}
  FOR UPDATE OF h SKIP LOCKED
)
DELETE FROM workflow_history WHERE ctid = ANY (ARRAY(SELECT row_id FROM doomed))`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** @internal */
export async function countPrunableHistory(
  db: Kysely<any>,
  batch: Omit<HistoryPruneBatch, "limit">,
): Promise<number> {
  const { rows } = await sql<{ n: string }>`SELECT count(*)::bigint AS n ${prunable(batch)}`.execute(db);
  return Number(rows[0]!.n);
}

/**
 * Deletes at most `limit` terminal instances and their history in one statement (SKIP LOCKED; receipts and
 * executions follow by ON DELETE CASCADE).
 *
 * @internal
 */
export async function purgeInstancesBatch(db: Kysely<any>, batch: InstancePurgeBatch): Promise<number> {
  const result = await sql`WITH doomed AS (
  SELECT uuid ${purgeable(batch)}
  LIMIT ${batch.limit}
  FOR UPDATE SKIP LOCKED
), history AS (
  DELETE FROM workflow_history WHERE workflow_instance_uuid IN (SELECT uuid FROM doomed)
)
DELETE FROM workflow_instances WHERE uuid IN (SELECT uuid FROM doomed)`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** @internal */
export async function countPurgeableInstances(
  db: Kysely<any>,
  batch: Omit<InstancePurgeBatch, "limit">,
): Promise<number> {
  const { rows } = await sql<{ n: string }>`SELECT count(*)::bigint AS n ${purgeable(batch)}`.execute(db);
  return Number(rows[0]!.n);
}
