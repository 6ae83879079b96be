import { KyselyTransactionContext, kyselyWorkflowProvidersFromTransaction } from "@duraflows/kysely";
import { WorkflowRuntime } from "@duraflows/core";
import { commandRegistry, db, definitionRegistry, runtime } from "./kysely-setup.js";

// 1. Preferred: open the transaction through KyselyTransactionContext on the same Kysely instance the runtime
//    uses; workflow calls inside join it as savepoints and everything commits or rolls back together.
export async function placeOrder(customer: string): Promise<string> {
  return KyselyTransactionContext.transaction(db, async (trx) => {
    const order = await trx
      .insertInto("orders")
      .values({ customer })
      .returning("id")
      .executeTakeFirstOrThrow();
    const instance = await runtime.createInstance({ workflowName: "order", context: { orderId: order.id } });
    await trx
      .updateTable("orders")
      .set({ workflow_uuid: instance.uuid })
      .where("id", "=", order.id)
      .execute();
    return instance.uuid;
  });
}

// 2. When your code already holds a Transaction<DB>: short-lived providers bound to it. Do not mix the two
//    styles in one transaction (they are keyed separately and would use two connections).
export async function placeOrderInExistingTransaction(customer: string): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const order = await trx
      .insertInto("orders")
      .values({ customer })
      .returning("id")
      .executeTakeFirstOrThrow();
    const scoped = new WorkflowRuntime({
      definitionRegistry,
      commandRegistry,
      clock: { now: () => new Date() },
      ...kyselyWorkflowProvidersFromTransaction(trx),
    });
    const instance = await scoped.createInstance({ workflowName: "order", context: { orderId: order.id } });
    await trx
      .updateTable("orders")
      .set({ workflow_uuid: instance.uuid })
      .where("id", "=", order.id)
      .execute();
    return instance.uuid;
  });
}

try {
  console.log("order workflow", await placeOrder("Ada"));
  console.log("order workflow", await placeOrderInExistingTransaction("Grace"));
  console.log(await db.selectFrom("orders").select(["id", "customer", "workflow_uuid"]).execute());
} finally {
  await db.destroy(); // closes the pool so the process can exit
}
