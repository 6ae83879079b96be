import type { WorkflowPersistenceProvider } from "@duraflows/core";
import type { Insertable, Kysely, Selectable, Transaction } from "kysely";
import type { MigrationProvider } from "kysely/migration";
import { describe, expectTypeOf, it } from "vitest";
import {
  createWorkflowMigrationProvider,
  KyselyTransactionContext,
  KyselyTransactionRunner,
  KyselyWorkflowExecutionStore,
  KyselyWorkflowIdempotencyStore,
  KyselyWorkflowInstanceStore,
  kyselyWorkflowProviders,
  kyselyWorkflowProvidersFromTransaction,
  type WorkflowDatabase,
  type WorkflowDatabaseWithExecutions,
  type WorkflowDatabaseWithIdempotency,
  type WorkflowEventIdempotencyTable,
  type WorkflowExecutionsTable,
  type WorkflowInstancesTable,
} from "../src/index.js";

interface OrdersTable {
  id: string;
  total: number;
}

interface AppDb extends WorkflowDatabase {
  orders: OrdersTable;
}

type IntersectionDb = WorkflowDatabase & { orders: OrdersTable };
type FullDb = WorkflowDatabaseWithIdempotency & WorkflowDatabaseWithExecutions & { orders: OrdersTable };

declare const appDb: Kysely<AppDb>;
declare const intersectionDb: Kysely<IntersectionDb>;
declare const fullDb: Kysely<FullDb>;
declare const appTrx: Transaction<AppDb>;
declare const intersectionTrx: Transaction<IntersectionDb>;

describe("provider factories", () => {
  it("accept Kysely<AppDb> and intersection-typed instances", () => {
    expectTypeOf(kyselyWorkflowProviders(appDb)).toEqualTypeOf<WorkflowPersistenceProvider>();
    expectTypeOf(
      kyselyWorkflowProviders(intersectionDb, { lockTimeoutMs: 1, idempotency: true }),
    ).toEqualTypeOf<WorkflowPersistenceProvider>();
    expectTypeOf(
      kyselyWorkflowProviders(fullDb, { durableExecution: true }),
    ).toEqualTypeOf<WorkflowPersistenceProvider>();
  });

  it("accept Transaction<AppDb> and intersection-typed transactions, without timeout options", () => {
    expectTypeOf(kyselyWorkflowProvidersFromTransaction(appTrx)).toEqualTypeOf<WorkflowPersistenceProvider>();
    expectTypeOf(
      kyselyWorkflowProvidersFromTransaction(intersectionTrx, { idempotency: true }),
    ).toEqualTypeOf<WorkflowPersistenceProvider>();
    // @ts-expect-error the caller owns the transaction: no timeouts here
    kyselyWorkflowProvidersFromTransaction(appTrx, { lockTimeoutMs: 5 });
  });

  it("reject a database type without the workflow tables", () => {
    const ordersOnly = null as unknown as Kysely<{ orders: OrdersTable }>;
    // @ts-expect-error workflow tables are missing
    kyselyWorkflowProviders(ordersOnly);
  });
});

describe("KyselyTransactionContext", () => {
  it("accepts intersection-typed instances and hands the caller a Transaction of the same type", () => {
    expectTypeOf(KyselyTransactionContext.getTransaction(intersectionDb)).toEqualTypeOf<
      Transaction<WorkflowDatabase> | undefined
    >();
    const inTransaction = KyselyTransactionContext.transaction(intersectionDb, async (trx) => {
      expectTypeOf(trx).toEqualTypeOf<Transaction<IntersectionDb>>();
      await trx.insertInto("orders").values({ id: "o", total: 1 }).execute();
      return 1;
    });
    expectTypeOf(inTransaction).toEqualTypeOf<Promise<number>>();
    expectTypeOf(KyselyTransactionContext.run(appDb, appTrx, async () => "done")).toEqualTypeOf<
      Promise<string>
    >();
  });
});

describe("optional tables", () => {
  it("leave WorkflowDatabase unchanged, so existing database types keep compiling", () => {
    expectTypeOf<keyof WorkflowDatabase>().toEqualTypeOf<
      "workflow_instances" | "workflow_history" | "workflow_definitions"
    >();
    expectTypeOf<
      WorkflowDatabaseWithIdempotency["workflow_event_idempotency"]
    >().toEqualTypeOf<WorkflowEventIdempotencyTable>();
    expectTypeOf<
      WorkflowDatabaseWithExecutions["workflow_executions"]
    >().toEqualTypeOf<WorkflowExecutionsTable>();
  });

  it("let stores that need them accept databases that do not declare them", () => {
    expectTypeOf(new KyselyWorkflowIdempotencyStore(appDb)).toEqualTypeOf<
      KyselyWorkflowIdempotencyStore<AppDb>
    >();
    expectTypeOf(new KyselyWorkflowExecutionStore(intersectionDb)).toEqualTypeOf<
      KyselyWorkflowExecutionStore<IntersectionDb>
    >();
    expectTypeOf(new KyselyTransactionRunner(appDb, { statementTimeoutMs: 10 })).toEqualTypeOf<
      KyselyTransactionRunner<AppDb>
    >();
    expectTypeOf(new KyselyWorkflowInstanceStore(fullDb)).toEqualTypeOf<
      KyselyWorkflowInstanceStore<FullDb>
    >();
  });

  it("type JSON columns as objects on select and strings on insert", () => {
    expectTypeOf<Selectable<WorkflowInstancesTable>["context_json"]>().toEqualTypeOf<
      Record<string, unknown>
    >();
    expectTypeOf<Insertable<WorkflowInstancesTable>["context_json"]>().toEqualTypeOf<string>();
    expectTypeOf<Insertable<WorkflowEventIdempotencyTable>["result_json"]>().toEqualTypeOf<undefined>();
  });
});

describe("createWorkflowMigrationProvider", () => {
  it("fits Kysely's own MigrationProvider, so Migrator accepts it", () => {
    expectTypeOf(createWorkflowMigrationProvider()).toMatchTypeOf<MigrationProvider>();
  });
});
