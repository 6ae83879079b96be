import { PGlite } from "@electric-sql/pglite";
import { createWorkflowMigrationProvider, type WorkflowDatabase } from "@duraflows/kysely";
import { Kysely } from "kysely";
import { Migrator } from "kysely/migration";
import { PGliteDialect } from "kysely-pglite-dialect";

/** An in-memory PGlite database with the duraflows schema; use PostgresDialect and a pool in production. */
export async function openWorkflowDatabase(): Promise<Kysely<WorkflowDatabase>> {
  const db = new Kysely<WorkflowDatabase>({ dialect: new PGliteDialect(new PGlite()) });
  const migrator = new Migrator({
    db,
    provider: createWorkflowMigrationProvider(),
    migrationTableName: "duraflows_migration",
    migrationLockTableName: "duraflows_migration_lock",
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
  return db;
}
