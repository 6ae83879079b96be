import {
  WorkflowError,
  type WorkflowExecutionResult,
  type WorkflowIdempotencyRecord,
  type WorkflowIdempotencyReservation,
  type WorkflowIdempotencyStore,
} from "@duraflows/core";
import type { Pool, PoolClient } from "pg";
import { PgTransactionContext } from "./pg-transaction-context.js";
import { completeReservation, insertReservation, selectReceipt } from "@duraflows/sql";

/** A `workflow_event_idempotency` row as `pg` returns it. */
interface ReceiptRow {
  workflow_instance_uuid: string;
  idempotency_key: string;
  event_name: string;
  fingerprint: string | null;
  result_json: WorkflowExecutionResult | null;
  created_at: Date;
}

function toRecord(row: ReceiptRow): WorkflowIdempotencyRecord {
  return {
    workflowInstanceUuid: row.workflow_instance_uuid,
    key: row.idempotency_key,
    eventName: row.event_name,
    fingerprint: row.fingerprint ?? undefined,
    result: row.result_json,
    createdAt: new Date(row.created_at),
  };
}

/**
 * `WorkflowIdempotencyStore` on `workflow_event_idempotency`. Every method runs on the active transaction's
 * client (the runtime calls it after locking the instance), so receipts commit and roll back with the event.
 */
export class PgWorkflowIdempotencyStore implements WorkflowIdempotencyStore {
  constructor(private readonly pool: Pool) {}

  private client(): PoolClient {
    const client = PgTransactionContext.getClient(this.pool);
    if (client === undefined)
      throw new WorkflowError("WorkflowIdempotencyStore requires an active transaction");
    return client;
  }

  /** The receipt of `key` on the instance, or `null`. */
  async find(workflowInstanceUuid: string, key: string): Promise<WorkflowIdempotencyRecord | null> {
    const client = this.client();
    const { rows } = await client.query<ReceiptRow>(selectReceipt(workflowInstanceUuid, key));
    return rows.length === 0 ? null : toRecord(rows[0]);
  }

  /** Inserts the reservation; an existing one raises the driver's unique violation unchanged. */
  async reserve(reservation: WorkflowIdempotencyReservation): Promise<void> {
    const client = this.client();
    await client.query(insertReservation(reservation));
  }

  /** Stores the result of an open reservation; a missing or completed one throws. */
  async complete(workflowInstanceUuid: string, key: string, result: WorkflowExecutionResult): Promise<void> {
    const client = this.client();
    const outcome = await client.query(completeReservation(workflowInstanceUuid, key, result));
    if (outcome.rowCount !== 1)
      throw new WorkflowError("Idempotency reservation is missing or already completed");
  }
}
