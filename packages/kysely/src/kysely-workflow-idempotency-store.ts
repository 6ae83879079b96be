import {
  WorkflowError,
  type WorkflowExecutionResult,
  type WorkflowIdempotencyRecord,
  type WorkflowIdempotencyReservation,
  type WorkflowIdempotencyStore,
} from "@duraflows/core";
import type { Kysely, Transaction } from "kysely";
import type { WorkflowDatabase, WorkflowDatabaseWithIdempotency } from "./kysely-database.js";
import { KyselyTransactionContext } from "./kysely-transaction-context.js";

/**
 * {@link WorkflowIdempotencyStore} on the optional `workflow_event_idempotency` table. Generic over the
 * database type so that a `Kysely<DB>` whose type does not declare the table still fits. Every method
 * requires the active transaction of `db` (receipts commit and roll back with the workflow transaction).
 */
export class KyselyWorkflowIdempotencyStore<DB extends WorkflowDatabase = WorkflowDatabase>
  implements WorkflowIdempotencyStore
{
  private readonly db: Kysely<WorkflowDatabase>;

  constructor(db: Kysely<DB>) {
    this.db = db as unknown as Kysely<WorkflowDatabase>;
  }

  private transaction(): Transaction<WorkflowDatabaseWithIdempotency> {
    const trx = KyselyTransactionContext.getTransaction(this.db);
    if (trx === undefined) throw new WorkflowError("WorkflowIdempotencyStore requires an active transaction");
    return trx as unknown as Transaction<WorkflowDatabaseWithIdempotency>;
  }

  /** The receipt for `(workflowInstanceUuid, key)`, or `null`. */
  async find(workflowInstanceUuid: string, key: string): Promise<WorkflowIdempotencyRecord | null> {
    const row = await this.transaction()
      .selectFrom("workflow_event_idempotency")
      .selectAll()
      .where("workflow_instance_uuid", "=", workflowInstanceUuid)
      .where("idempotency_key", "=", key)
      .executeTakeFirst();
    if (row === undefined) return null;
    return {
      workflowInstanceUuid: row.workflow_instance_uuid,
      key: row.idempotency_key,
      eventName: row.event_name,
      fingerprint: row.fingerprint ?? undefined,
      result: row.result_json ?? null,
      createdAt: row.created_at,
    };
  }

  /** Inserts the reservation; an existing one raises the primary-key violation unchanged. */
  async reserve(reservation: WorkflowIdempotencyReservation): Promise<void> {
    await this.transaction()
      .insertInto("workflow_event_idempotency")
      .values({
        workflow_instance_uuid: reservation.workflowInstanceUuid,
        idempotency_key: reservation.key,
        event_name: reservation.eventName,
        fingerprint: reservation.fingerprint ?? null,
      })
      .execute();
  }

  /** Stores the result once; throws when the reservation is missing or already completed. */
  async complete(workflowInstanceUuid: string, key: string, result: WorkflowExecutionResult): Promise<void> {
    const outcome = await this.transaction()
      .updateTable("workflow_event_idempotency")
      .set({ result_json: JSON.stringify(result) })
      .where("workflow_instance_uuid", "=", workflowInstanceUuid)
      .where("idempotency_key", "=", key)
      .where("result_json", "is", null)
      .executeTakeFirst();
    if (outcome.numUpdatedRows !== 1n) {
      throw new WorkflowError("Idempotency reservation is missing or already completed");
    }
  }
}
