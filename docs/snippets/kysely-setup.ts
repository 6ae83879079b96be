import {
  InMemoryCommandRegistry,
  InMemoryDefinitionRegistry,
  WorkflowCompiler,
  WorkflowRuntime,
  WorkflowValidator,
} from "@duraflows/core";
import {
  createWorkflowMigrationProvider,
  guardPgPool,
  kyselyWorkflowProviders,
  preparePgPool,
  type WorkflowDatabase,
} from "@duraflows/kysely";
import { Kysely, PostgresDialect, sql, type Generated } from "kysely";
import { Migrator } from "kysely/migration"; // Kysely 0.28: import { Migrator } from "kysely";
import pg from "pg";
import { orderWorkflow } from "./define-workflow.js";
import { sendToWarehouse } from "./send-to-warehouse.js";

// Your database type extends the workflow tables with your own.
interface AppDatabase extends WorkflowDatabase {
  orders: { id: Generated<number>; customer: string; workflow_uuid: string | null };
}

// guardPgPool: a connection lost inside a transaction becomes a rejected call instead of a process crash.
// preparePgPool: the adapter's hot statements are prepared once per connection, as @duraflows/pg does.
export const db = new Kysely<AppDatabase>({
  dialect: new PostgresDialect({
    pool: guardPgPool(preparePgPool(new pg.Pool({ connectionString: process.env["DATABASE_URL"] }))),
  }),
});

// The workflow tables: the DDL is owned by @duraflows/pg; this provider feeds it to Kysely's Migrator under
// its own history table, apart from your application's migrations.
const migrator = new Migrator({
  db,
  provider: createWorkflowMigrationProvider({ idempotency: true }),
  migrationTableName: "duraflows_migration",
  migrationLockTableName: "duraflows_migration_lock",
});
const { error } = await migrator.migrateToLatest();
if (error) throw error;

// Your own table (in a real application, one of your migrations).
await db.schema
  .createTable("orders")
  .ifNotExists()
  .addColumn("id", "serial", (column) => column.primaryKey())
  .addColumn("customer", "text", (column) => column.notNull())
  .addColumn("workflow_uuid", "uuid")
  .addColumn("created_at", "timestamptz", (column) => column.notNull().defaultTo(sql`now()`))
  .execute();

// Registries are plain objects: share them with every runtime that runs these workflows.
export const definitionRegistry = new InMemoryDefinitionRegistry({
  validator: new WorkflowValidator(),
  compiler: new WorkflowCompiler(),
});
definitionRegistry.register(orderWorkflow);
export const commandRegistry = new InMemoryCommandRegistry();
commandRegistry.register("sendToWarehouse", sendToWarehouse);

export const runtime = new WorkflowRuntime({
  definitionRegistry,
  commandRegistry,
  clock: { now: () => new Date() },
  ...kyselyWorkflowProviders(db, { idempotency: true, lockTimeoutMs: 5_000 }),
});
