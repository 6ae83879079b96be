import { KyselyTransactionContext, kyselyWorkflowProvidersFromTransaction } from "@duraflows/kysely";
import { InMemoryCommandRegistry, InMemoryDefinitionRegistry, WorkflowRuntime } from "@duraflows/core";
import { db, runtime } from "./kysely-setup.js";

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
export async function placeOrderInExistingTransaction(customer: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto("orders").values({ customer }).execute();
    const scoped = new WorkflowRuntime({
      definitionRegistry: new InMemoryDefinitionRegistry(), // share your real registries here
      commandRegistry: new InMemoryCommandRegistry(),
      clock: { now: () => new Date() },
      ...kyselyWorkflowProvidersFromTransaction(trx),
    });
    await scoped.createInstance({ workflowName: "order" });
  });
}
