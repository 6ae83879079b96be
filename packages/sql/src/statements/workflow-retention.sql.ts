import type { HistoryPruneBatch, InstancePurgeBatch } from "@duraflows/core";
import type { SqlQuery } from "../sql-query.js";

// A row is prunable when it is old enough, belongs to the named workflow (when one is named) and has at least
// keepLast newer rows of its instance; the EXISTS ... OFFSET probe walks workflow_history_instance_seq_idx.
const PRUNABLE = `FROM workflow_history h
WHERE ($1::timestamptz IS NULL OR h.created_at < $1)
  AND ($3::text IS NULL OR EXISTS (
    SELECT 1 FROM workflow_instances i WHERE i.uuid = h.workflow_instance_uuid AND i.workflow_name = $3))
  AND EXISTS (
    SELECT 1 FROM workflow_history newer
    WHERE newer.workflow_instance_uuid = h.workflow_instance_uuid AND newer.seq > h.seq
    OFFSET $2::int - 1 LIMIT 1)`;

/**
 * DELETE of at most `limit` prunable history rows. The rows are locked with SKIP LOCKED first (history rows are
 * never locked by transitions, so this waits on nothing) and deleted by (instance, seq, created_at): a ctid is
 * unique only within one partition of a partitioned history table, and created_at lets each lookup skip the
 * partitions that cannot hold the row.
 */
export function pruneHistoryBatch(batch: HistoryPruneBatch): SqlQuery {
  return {
    text: `WITH doomed AS (
  SELECT h.workflow_instance_uuid, h.seq, h.created_at
  ${PRUNABLE}
  LIMIT $4
  FOR UPDATE OF h SKIP LOCKED
)
DELETE FROM workflow_history h
USING doomed d
WHERE h.workflow_instance_uuid = d.workflow_instance_uuid AND h.seq = d.seq AND h.created_at = d.created_at`,
    values: [batch.olderThan, batch.keepLast, batch.workflowName, batch.limit],
  };
}

/** COUNT of every prunable history row. */
export function countPrunableHistory(batch: Omit<HistoryPruneBatch, "limit">): SqlQuery {
  return {
    text: `SELECT count(*)::bigint AS n\n${PRUNABLE}`,
    values: [batch.olderThan, batch.keepLast, batch.workflowName],
  };
}

const PURGEABLE = `FROM workflow_instances
WHERE workflow_name = $1 AND current_state = ANY ($2::text[]) AND last_transition_at < $3`;

/**
 * DELETE of at most `limit` terminal instances and their history in one statement. Instances held by another
 * transaction are skipped (SKIP LOCKED); receipts and executions go with the instance (ON DELETE CASCADE).
 */
export function purgeInstancesBatch(batch: InstancePurgeBatch): SqlQuery {
  return {
    text: `WITH doomed AS (
  SELECT uuid
  ${PURGEABLE}
  LIMIT $4
  FOR UPDATE SKIP LOCKED
), history AS (
  DELETE FROM workflow_history WHERE workflow_instance_uuid IN (SELECT uuid FROM doomed)
)
DELETE FROM workflow_instances WHERE uuid IN (SELECT uuid FROM doomed)`,
    values: [batch.workflowName, [...batch.terminalStates], batch.terminalBefore, batch.limit],
  };
}

/** COUNT of every purgeable instance. */
export function countPurgeableInstances(batch: Omit<InstancePurgeBatch, "limit">): SqlQuery {
  return {
    text: `SELECT count(*)::bigint AS n\n${PURGEABLE}`,
    values: [batch.workflowName, [...batch.terminalStates], batch.terminalBefore],
  };
}
