import { InMemoryCommandRegistry, InMemoryDefinitionRegistry, WorkflowRuntime } from "@duraflows/core";
import {
  createWorkflowMigrationProvider,
  guardPgPool,
  kyselyWorkflowProviders,
  type WorkflowDatabase,
} from "@duraflows/kysely";
import { Kysely, PostgresDialect, type Generated } from "kysely";
import { Migrator } from "kysely/migration";
import pg from "pg";

// Your database type extends the workflow tables.
interface AppDatabase extends WorkflowDatabase {
  orders: { id: Generated<number>; customer: string; workflow_uuid: string | null };
}

// guardPgPool: a connection lost inside a transaction becomes a rejected call instead of a process crash.
export const db = new Kysely<AppDatabase>({
  dialect: new PostgresDialect({
    pool: guardPgPool(new pg.Pool({ connectionString: process.env["DATABASE_URL"] })),
  }),
});

// The DDL is owned by @duraflows/pg; this provider feeds it to Kysely's Migrator under its own history table.
const migrator = new Migrator({
  db,
  provider: createWorkflowMigrationProvider({ idempotency: true }),
  migrationTableName: "duraflows_migration",
  migrationLockTableName: "duraflows_migration_lock",
});
const { error } = await migrator.migrateToLatest();
if (error) throw error;

export const runtime = new WorkflowRuntime({
  definitionRegistry: new InMemoryDefinitionRegistry(),
  commandRegistry: new InMemoryCommandRegistry(),
  clock: { now: () => new Date() },
  ...kyselyWorkflowProviders(db, { idempotency: true, lockTimeoutMs: 5_000 }),
});
