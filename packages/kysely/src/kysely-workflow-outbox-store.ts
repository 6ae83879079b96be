import {
  WorkflowError,
  type ClaimOutboxInput,
  type ListOutboxInput,
  type NewWorkflowOutboxRecord,
  type OutboxFailure,
  type WorkflowOutboxRecord,
  type WorkflowOutboxStore,
} from "@duraflows/core";
import type { Kysely, QueryResult } from "kysely";
import type { WorkflowDatabase } from "./kysely-database.js";
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
  type SqlQuery,
} from "@duraflows/sql";
import { compiledQuery } from "./compiled-query.js";
import { KyselyTransactionContext } from "./kysely-transaction-context.js";

/**
 * {@link WorkflowOutboxStore} on `workflow_outbox` (the same table and statements as `@duraflows/pg`). Every
 * method requires the active transaction of `db`; `append` also sends the `outbox` wake-up on commit, and
 * `claimDue` uses `FOR UPDATE SKIP LOCKED`, so any number of relays can run in parallel.
 */
export class KyselyWorkflowOutboxStore<DB extends WorkflowDatabase = WorkflowDatabase>
  implements WorkflowOutboxStore
{
  private readonly db: Kysely<WorkflowDatabase>;

  constructor(db: Kysely<DB>) {
    this.db = db as unknown as Kysely<WorkflowDatabase>;
  }

  private run(statement: SqlQuery): Promise<QueryResult<OutboxRow>> {
    const trx = KyselyTransactionContext.getTransaction(this.db);
    if (trx === undefined) throw new WorkflowError("WorkflowOutboxStore requires an active transaction");
    return trx.executeQuery<OutboxRow>(compiledQuery(statement));
  }

  /** Inserts the rows in order, in one statement, and queues the wake-up. */
  async append(rows: readonly NewWorkflowOutboxRecord[]): Promise<void> {
    if (rows.length === 0) return;
    await this.run(insertOutboxRows(rows));
  }

  /** Claims due heads (oldest first), counting the attempt and leasing them until `leaseUntil`. */
  async claimDue(input: ClaimOutboxInput): Promise<WorkflowOutboxRecord[]> {
    const { rows } = await this.run(claimOutboxRows(input));
    return rows.map(toOutboxRecord).sort((a, b) => a.seq - b.seq);
  }

  /** Marks pending rows delivered. */
  async markDelivered(uuids: readonly string[], at: Date): Promise<void> {
    if (uuids.length === 0) return;
    await this.run(markOutboxDelivered(uuids, at));
  }

  /** Records a failed attempt (ignored when a later claim took the row). */
  async markFailed(failure: OutboxFailure): Promise<void> {
    await this.run(markOutboxFailed(failure));
  }

  /** Rows, oldest first. */
  async list(input: ListOutboxInput): Promise<WorkflowOutboxRecord[]> {
    const { rows } = await this.run(selectOutboxRows(input));
    return rows.map(toOutboxRecord);
  }

  /** Back to pending, due at `now`, zero attempts; `null` when the row does not exist. */
  async redeliver(uuid: string, now: Date): Promise<WorkflowOutboxRecord | null> {
    const { rows } = await this.run(redeliverOutboxRow(uuid, now));
    return rows.length === 0 ? null : toOutboxRecord(rows[0]!);
  }

  /** Deletes up to `limit` rows delivered before `before`. */
  async deleteDelivered(input: { before: Date; limit: number }): Promise<number> {
    const result = await this.run(deleteDeliveredOutboxRows(input.before, input.limit));
    return Number(result.numAffectedRows ?? 0n);
  }
}
