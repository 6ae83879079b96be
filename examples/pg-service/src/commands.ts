import type { WorkflowCommand } from "@duraflows/core";
import { PgTransactionContext } from "@duraflows/pg";
import type pg from "pg";

/**
 * Draws the invoice number from a PostgreSQL sequence on the workflow's own connection: if the transition rolls
 * back, so does everything else the command wrote in that transaction.
 */
export function assignInvoiceNumber(pool: pg.Pool): WorkflowCommand {
  return {
    async execute(_subject, ctx) {
      const client = PgTransactionContext.getClient(pool);
      if (!client)
        return {
          ok: false,
          code: "NO_TRANSACTION",
          message: "expected to run inside the workflow transaction",
        };
      const { rows } = await client.query<{ n: string }>("SELECT nextval('invoice_numbers')::text AS n");
      const number = `INV-${String(rows[0]?.n).padStart(5, "0")}`;
      ctx.context["invoiceNumber"] = number;
      ctx.context["issuedAt"] = ctx.now.toISOString();
      return { ok: true, metadata: { number } };
    },
  };
}

/** Best effort: a failing reminder is recorded in the history but never blocks the invoice. */
export const sendPaymentReminder: WorkflowCommand = {
  bestEffort: true,
  execute(_subject, ctx) {
    ctx.context["remindersSent"] = Number(ctx.context["remindersSent"] ?? 0) + 1;
    return { ok: true, metadata: { to: ctx.metadata["customerEmail"] } };
  },
};
