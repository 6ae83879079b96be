// Triggers `work` through @duraflows/kysely on a pool guarded with guardPgPool. The command writes inside the
// Kysely-owned transaction, reports its backend pid, and waits until the parent's pg_terminate_backend has
// closed the connection (pg has then emitted 'error' on the checked-out client). Without the guard that event
// is uncaught and this process dies; with it, the trigger rejects and the next trigger succeeds.
import {
  guardPgPool,
  KyselyTransactionContext,
  kyselyWorkflowProviders,
  type WorkflowDatabase,
} from "@duraflows/kysely";
import type { CommandResult, WorkflowCommand } from "@duraflows/core";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { faultWorkflow } from "../support/fault-workflow.js";
import { createPgRuntime } from "../support/pg-runtime.js";

export interface KyselyDisconnectStart {
  type: "start";
  url: string;
  uuid: string;
}

/** Messages this worker sends. */
export type KyselyDisconnectMessage =
  | { type: "inside"; pid: number }
  | { type: "failed"; message: string }
  | { type: "recovered"; state: string }
  | { type: "unexpected"; message: string };

process.once("message", (message) => {
  void run(message as KyselyDisconnectStart).catch((error: unknown) => {
    process.send!({ type: "unexpected", message: String(error) } satisfies KyselyDisconnectMessage);
  });
});

async function run(start: KyselyDisconnectStart): Promise<void> {
  const pool = guardPgPool(
    new pg.Pool({ connectionString: start.url, max: 1, application_name: "duraflows-kysely-worker" }),
  );
  // The test's own handle on the checked-out client, only to wait for its 'end' event.
  let checkedOut: pg.PoolClient | undefined;
  pool.on("acquire", (client) => {
    checkedOut = client;
  });
  const db = new Kysely<WorkflowDatabase>({ dialect: new PostgresDialect({ pool }) });
  let attempt = 0;
  const work: WorkflowCommand = {
    async execute(_subject, ctx): Promise<CommandResult> {
      attempt++;
      ctx.context.attempt = attempt;
      if (attempt > 1) return { ok: true };
      const trx = KyselyTransactionContext.getTransaction(db);
      if (!trx) throw new Error("the command must run inside the workflow transaction");
      await sql`INSERT INTO fault_side_effects (note) VALUES ('written inside the transaction')`.execute(trx);
      const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(trx);
      const client = checkedOut!;
      const ended = new Promise<void>((resolve) => client.once("end", () => resolve()));
      process.send!({ type: "inside", pid: rows[0]!.pid } satisfies KyselyDisconnectMessage);
      await ended; // idle in transaction while the parent terminates the backend
      return { ok: true };
    },
  };
  const runtime = createPgRuntime(pool, {
    definitions: [faultWorkflow],
    commands: { work },
    persistenceOverride: kyselyWorkflowProviders(db),
  });
  try {
    await runtime.triggerEvent({ workflowInstanceUuid: start.uuid, eventName: "work" });
    process.send!({
      type: "unexpected",
      message: "the first trigger committed",
    } satisfies KyselyDisconnectMessage);
  } catch (error) {
    process.send!({ type: "failed", message: String(error) } satisfies KyselyDisconnectMessage);
  }
  const second = await runtime.triggerEvent({ workflowInstanceUuid: start.uuid, eventName: "work" });
  process.send!({ type: "recovered", state: second.toState } satisfies KyselyDisconnectMessage);
  await db.destroy();
  process.disconnect();
}
