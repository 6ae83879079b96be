import {
  WorkflowError,
  type ClaimOutboxInput,
  type ListOutboxInput,
  type NewWorkflowOutboxRecord,
  type OutboxFailure,
  type WorkflowOutboxRecord,
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
  toOutboxRecord,
  type OutboxRow,
} from "@duraflows/sql";

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
