import {
  InMemoryCommandRegistry,
  InMemoryDefinitionRegistry,
  WorkflowCompiler,
  WorkflowRuntime,
  WorkflowValidator,
  type WorkflowCommand,
} from "@duraflows/core";
import { KyselyTransactionContext, kyselyWorkflowProviders } from "@duraflows/kysely";
import type { Kysely, Transaction } from "kysely";
import { openDatabase, type AppDatabase } from "./database.js";
import { fulfilmentWorkflow } from "./fulfilment-workflow.js";

const db = await openDatabase();

// The command writes an application row on the workflow's transaction; a throw rolls both back.
let carrierUp = false;
const bookCarrier: WorkflowCommand = {
  async execute(_subject, ctx) {
    const trx = KyselyTransactionContext.getTransaction(db) as unknown as Transaction<AppDatabase>;
    const orderId = Number(ctx.context["orderId"]);
    await trx.insertInto("shipments").values({ order_id: orderId, carrier: "ACME" }).execute();
    if (!carrierUp) throw new Error("carrier API timed out");
    ctx.context["carrier"] = "ACME";
    return { ok: true };
  },
};

const definitionRegistry = new InMemoryDefinitionRegistry({
  validator: new WorkflowValidator(),
  compiler: new WorkflowCompiler(),
});
definitionRegistry.register(fulfilmentWorkflow);
const commandRegistry = new InMemoryCommandRegistry();
commandRegistry.register("bookCarrier", bookCarrier);
const runtime = new WorkflowRuntime({
  definitionRegistry,
  commandRegistry,
  clock: { now: () => new Date() },
  ...kyselyWorkflowProviders(db),
});

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

async function counts(database: Kysely<AppDatabase>) {
  const count = async (table: "orders" | "shipments" | "workflow_instances") =>
    Number(
      (
        await database
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    orders: await count("orders"),
    instances: await count("workflow_instances"),
    shipments: await count("shipments"),
  };
}

/** Inserts the order row and starts its workflow atomically; `failAfter` simulates a crash before COMMIT. */
async function placeOrder(customer: string, failAfter: boolean): Promise<number> {
  return KyselyTransactionContext.transaction(db, async (trx) => {
    const order = await trx
      .insertInto("orders")
      .values({ customer })
      .returning("id")
      .executeTakeFirstOrThrow();
    // The runtime joins this transaction (as a savepoint) because it runs on the same Kysely instance.
    const instance = await runtime.createInstance({
      workflowName: "fulfilment",
      context: { orderId: order.id },
    });
    await trx
      .updateTable("orders")
      .set({ workflow_uuid: instance.uuid })
      .where("id", "=", order.id)
      .execute();
    if (failAfter) throw new Error(`payment provider rejected ${customer}`);
    return order.id;
  });
}

// 1. Commit: the order row and its workflow instance appear together.
const orderId = await placeOrder("ada", false);
console.log("after commit:", await counts(db));

// 2. Rollback: an error after createInstance leaves neither the order nor the instance behind.
await placeOrder("bob", true).catch((error: Error) => console.log(`rolled back: ${error.message}`));
const afterRollback = await counts(db);
console.log("after rollback:", afterRollback);
check(
  afterRollback.orders === 1 && afterRollback.instances === 1,
  "the rolled-back order must leave no rows",
);

// 3. A command that throws rolls back its own application write together with the transition.
const { workflow_uuid: uuid } = await db
  .selectFrom("orders")
  .select("workflow_uuid")
  .where("id", "=", orderId)
  .executeTakeFirstOrThrow();
const handle = runtime.getHandle(String(uuid));
await handle.triggerEvent("Pack");
await handle.triggerEvent("Ship").catch((error: Error) => console.log(`Ship failed: ${error.message}`));
const afterFailedShip = await counts(db);
check(afterFailedShip.shipments === 0, "the failed Ship must not leave a shipment row");
console.log(
  `after the failed Ship: state ${(await handle.getInstance())?.currentState}, shipments ${afterFailedShip.shipments}`,
);

carrierUp = true;
const shipped = await handle.triggerEvent("Ship");
console.log(`Ship retried: ${shipped.fromState} -> ${shipped.toState}`, await counts(db));
check(shipped.toState === "shipped", "the retried Ship must land in shipped");

await db.destroy();
console.log("kysely-transactional finished");
