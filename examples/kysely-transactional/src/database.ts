import { PGlite } from "@electric-sql/pglite";
import { createWorkflowMigrationProvider, type WorkflowDatabase } from "@duraflows/kysely";
import { Kysely, type Generated } from "kysely";
import { Migrator } from "kysely/migration";
import { PGliteDialect } from "kysely-pglite-dialect";

/** The application's own tables live next to the workflow tables, in the same database. */
export interface AppDatabase extends WorkflowDatabase {
  orders: { id: Generated<number>; customer: string; workflow_uuid: string | null };
  shipments: { id: Generated<number>; order_id: number; carrier: string };
}

/** An in-memory PGlite database with the duraflows schema and the two application tables. */
export async function openDatabase(): Promise<Kysely<AppDatabase>> {
  const db = new Kysely<AppDatabase>({ dialect: new PGliteDialect(new PGlite()) });
  const migrator = new Migrator({
    db,
    provider: createWorkflowMigrationProvider(),
    migrationTableName: "duraflows_migration",
    migrationLockTableName: "duraflows_migration_lock",
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
  await db.schema
    .createTable("orders")
    .addColumn("id", "serial", (column) => column.primaryKey())
    .addColumn("customer", "text", (column) => column.notNull())
    .addColumn("workflow_uuid", "uuid")
    .execute();
  await db.schema
    .createTable("shipments")
    .addColumn("id", "serial", (column) => column.primaryKey())
    .addColumn("order_id", "integer", (column) => column.notNull())
    .addColumn("carrier", "text", (column) => column.notNull())
    .execute();
  return db;
}
