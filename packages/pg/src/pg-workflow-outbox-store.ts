import {
  WorkflowError,
  type ClaimOutboxInput,
  type ListOutboxInput,
  type NewWorkflowOutboxRecord,
  type OutboxFailure,
  type StateEnterEvent,
  type WorkflowOutboxRecord,
  type WorkflowOutboxStatus,
  type WorkflowOutboxStore,
} from "@duraflows/core";
import type { Pool, PoolClient } from "pg";
import { PgTransactionContext } from "./pg-transaction-context.js";
import {
  claimOutboxRows,
  deleteDeliveredOutboxRows,
  insertOutboxRows,
  markOutboxDelivered,
  markOutboxFailed,
  redeliverOutboxRow,
  selectOutboxRows,
} from "@duraflows/sql";

/** A `workflow_outbox` row as `pg` returns it. */
interface OutboxRow {
  uuid: string;
  seq: string;
  observer_name: string;
  workflow_name: string;
  workflow_instance_uuid: string;
  event_json: StateEnterEvent;
  status: WorkflowOutboxStatus;
  attempts: number;
  available_at: Date;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
}

/**
 * Maps a `workflow_outbox` row to a record (`seq` arrives as text: it is a `bigint`).
 *
 * @internal
 */
export function toOutboxRecord(row: OutboxRow): WorkflowOutboxRecord {
  return {
    uuid: row.uuid,
    seq: Number(row.seq),
    observerName: row.observer_name,
    workflowName: row.workflow_name,
    workflowInstanceUuid: row.workflow_instance_uuid,
    event: row.event_json,
    status: row.status,
    attempts: row.attempts,
    availableAt: new Date(row.available_at),
    lastError: row.last_error,
    createdAt: new Date(row.created_at),
    deliveredAt: row.delivered_at === null ? null : new Date(row.delivered_at),
  };
}

/**
 * `WorkflowOutboxStore` on `workflow_outbox` (dbmate 010). Every method runs on the active transaction's
 * client. `append` also sends the `outbox` wake-up (`pg_notify`, delivered on commit); `claimDue` takes rows
 * with `FOR UPDATE SKIP LOCKED`, so relays in any number of processes never claim the same row twice at once.
 */
export class PgWorkflowOutboxStore implements WorkflowOutboxStore {
  constructor(private readonly pool: Pool) {}

  private client(): PoolClient {
    const client = PgTransactionContext.getClient(this.pool);
    if (client === undefined) throw new WorkflowError("WorkflowOutboxStore requires an active transaction");
    return client;
  }

  /** Inserts the rows in order, in one statement, and queues the wake-up. */
  async append(rows: readonly NewWorkflowOutboxRecord[]): Promise<void> {
    if (rows.length === 0) return;
    await this.client().query(insertOutboxRows(rows));
  }

  /** Claims due heads (oldest first), counting the attempt and leasing them until `leaseUntil`. */
  async claimDue(input: ClaimOutboxInput): Promise<WorkflowOutboxRecord[]> {
    const { rows } = await this.client().query<OutboxRow>(claimOutboxRows(input));
    return rows.map(toOutboxRecord).sort((a, b) => a.seq - b.seq);
  }

  /** Marks pending rows delivered. */
  async markDelivered(uuids: readonly string[], at: Date): Promise<void> {
    if (uuids.length === 0) return;
    await this.client().query(markOutboxDelivered(uuids, at));
  }

  /** Records a failed attempt (ignored when a later claim took the row). */
  async markFailed(failure: OutboxFailure): Promise<void> {
    await this.client().query(markOutboxFailed(failure));
  }

  /** Rows, oldest first. */
  async list(input: ListOutboxInput): Promise<WorkflowOutboxRecord[]> {
    const { rows } = await this.client().query<OutboxRow>(selectOutboxRows(input));
    return rows.map(toOutboxRecord);
  }

  /** Back to pending, due at `now`, zero attempts; `null` when the row does not exist. */
  async redeliver(uuid: string, now: Date): Promise<WorkflowOutboxRecord | null> {
    const { rows } = await this.client().query<OutboxRow>(redeliverOutboxRow(uuid, now));
    return rows.length === 0 ? null : toOutboxRecord(rows[0]!);
  }

  /** Deletes up to `limit` rows delivered before `before`. */
  async deleteDelivered(input: { before: Date; limit: number }): Promise<number> {
    const outcome = await this.client().query(deleteDeliveredOutboxRows(input.before, input.limit));
    return outcome.rowCount ?? 0;
  }
}
