import { randomUUID } from "node:crypto";
import {
  WAKE_CHANNEL,
  WorkflowError,
  encodeWakeSignal,
  type WorkflowWakeNotifier,
  type WorkflowWakeSignal,
} from "@duraflows/core";
import type { CompiledQuery, Kysely } from "kysely";
import type { WorkflowDatabase } from "./kysely-database.js";
import { KyselyTransactionContext } from "./kysely-transaction-context.js";

const NOTIFY_SQL = "SELECT pg_notify($1, $2)";

/**
 * `WorkflowWakeNotifier` with `pg_notify` on the active Kysely transaction: the notice leaves only when the
 * transaction commits. Listen with `createKyselyWakeSource` (or `createPgWakeSource`) on the same database.
 */
export class KyselyWakeNotifier<DB extends WorkflowDatabase = WorkflowDatabase>
  implements WorkflowWakeNotifier
{
  private readonly db: Kysely<WorkflowDatabase>;

  /** @param nearTimeoutMs - timeouts due within this many ms are signalled (default 60,000). */
  constructor(
    db: Kysely<DB>,
    readonly nearTimeoutMs = 60_000,
  ) {
    this.db = db as unknown as Kysely<WorkflowDatabase>;
  }

  /** Queues the signal on the transaction. */
  async notify(signal: WorkflowWakeSignal): Promise<void> {
    const trx = KyselyTransactionContext.getTransaction(this.db);
    if (trx === undefined) throw new WorkflowError("KyselyWakeNotifier requires an active transaction");
    const parameters = [WAKE_CHANNEL, encodeWakeSignal(signal)];
    const query: CompiledQuery = Object.freeze({
      sql: NOTIFY_SQL,
      parameters: Object.freeze(parameters),
      query: Object.freeze({
        kind: "RawNode" as const,
        sqlFragments: Object.freeze([NOTIFY_SQL]),
        parameters: Object.freeze([]),
      }),
      queryId: Object.freeze({ queryId: `duraflows_${randomUUID()}` }),
    });
    await trx.executeQuery(query);
  }
}
