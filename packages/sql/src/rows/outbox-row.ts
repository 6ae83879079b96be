import type { StateEnterEvent, WorkflowOutboxRecord, WorkflowOutboxStatus } from "@duraflows/core";

/**
 * A `workflow_outbox` row as a driver returns it. node-postgres gives `bigint` as text and `jsonb` parsed;
 * PGlite may give numbers, and JSON or timestamps as text, so every column that differs is read tolerantly.
 */
export interface OutboxRow {
  uuid: string;
  seq: string | number | bigint;
  observer_name: string;
  workflow_name: string;
  workflow_instance_uuid: string;
  event_json: StateEnterEvent | string;
  status: WorkflowOutboxStatus;
  attempts: number | string;
  available_at: Date | string;
  last_error: string | null;
  created_at: Date | string;
  delivered_at: Date | string | null;
}

/** Maps a row selected with `OUTBOX_COLUMNS` to the record the stores return. */
export function toOutboxRecord(row: OutboxRow): WorkflowOutboxRecord {
  return {
    uuid: row.uuid,
    seq: Number(row.seq),
    observerName: row.observer_name,
    workflowName: row.workflow_name,
    workflowInstanceUuid: row.workflow_instance_uuid,
    event:
      typeof row.event_json === "string" ? (JSON.parse(row.event_json) as StateEnterEvent) : row.event_json,
    status: row.status,
    attempts: Number(row.attempts),
    availableAt: new Date(row.available_at),
    lastError: row.last_error,
    createdAt: new Date(row.created_at),
    deliveredAt: row.delivered_at === null ? null : new Date(row.delivered_at),
  };
}
