import type { WorkflowRuntime } from "@duraflows/core";
import { PgTransactionContext } from "@duraflows/pg";
import type pg from "pg";

/** Writes an application row and starts its workflow atomically; the runtime joins as a savepoint. */
export async function placeOrder(pool: pg.Pool, runtime: WorkflowRuntime, customer: string): Promise<string> {
  return PgTransactionContext.transaction(pool, async (client) => {
    const { rows } = await client.query<{ id: number }>(
      "INSERT INTO orders (customer) VALUES ($1) RETURNING id",
      [customer],
    );
    const instance = await runtime.createInstance({
      workflowName: "order",
      context: { orderId: rows[0]?.id },
    });
    await client.query("UPDATE orders SET workflow_uuid = $1 WHERE id = $2", [instance.uuid, rows[0]?.id]);
    return instance.uuid; // observers fire after COMMIT, never after a rollback
  });
}
