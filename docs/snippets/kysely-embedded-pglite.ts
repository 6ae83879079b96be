import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import {
  createWorkflowMigrationProvider,
  kyselyWorkflowProviders,
  type WorkflowDatabase,
} from "@duraflows/kysely";
import { Kysely } from "kysely";
import { Migrator } from "kysely/migration"; // Kysely 0.28: import { Migrator } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";

// Embedded PostgreSQL (WASM): a folder on disk, or no argument for a throw-away in-memory database.
mkdirSync(".data", { recursive: true });
const db = new Kysely<WorkflowDatabase>({
  dialect: new PGliteDialect(await PGlite.create(".data/workflows")),
});

const { error } = await new Migrator({
  db,
  provider: createWorkflowMigrationProvider(),
  migrationTableName: "duraflows_migration",
  migrationLockTableName: "duraflows_migration_lock",
}).migrateToLatest();
if (error) throw error;

export const persistence = kyselyWorkflowProviders(db);
