import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import {
  createWorkflowMigrationProvider,
  kyselyWorkflowProviders,
  type WorkflowDatabase,
} from "@duraflows/kysely";
import { Kysely } from "kysely";
import { Migrator } from "kysely/migration";
import { PGliteDialect } from "kysely-pglite-dialect";
import type { DemoBackend } from "./backend.js";

/**
 * Embedded PostgreSQL (PGlite, WASM) kept in `dataDir`, reached through `@duraflows/kysely`. The folder
 * survives between runs, so a second `pnpm demo` finds the instances of the first.
 */
export async function openPgliteBackend(dataDir: string): Promise<DemoBackend> {
  mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir);
  const db = new Kysely<WorkflowDatabase>({ dialect: new PGliteDialect(pglite) });

  // The schema comes from @duraflows/pg's DDL, applied by Kysely's Migrator; a second run finds it applied.
  const migrator = new Migrator({
    db,
    provider: createWorkflowMigrationProvider(),
    migrationTableName: "duraflows_migration",
    migrationLockTableName: "duraflows_migration_lock",
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    await db.destroy();
    throw new Error(`could not migrate the embedded database: ${describe(error)}`);
  }
  const createdSchema = results.some((result) => result.status === "Success");
  return {
    label: `embedded PostgreSQL (PGlite) in ${dataDir}, through @duraflows/kysely`,
    createdSchema,
    providers: kyselyWorkflowProviders(db),
    async listInstances() {
      const rows = await db
        .selectFrom("workflow_instances")
        .select([
          "uuid",
          "workflow_name",
          "current_state",
          "version",
          "context_json",
          "created_at",
          "updated_at",
        ])
        .orderBy("created_at")
        .execute();
      return rows.map((row) => ({
        uuid: row.uuid,
        workflowName: row.workflow_name,
        currentState: row.current_state,
        version: row.version,
        context: row.context_json,
        createdAt: new Date(row.created_at),
        updatedAt: new Date(row.updated_at),
      }));
    },
    async close() {
      // Destroying Kysely closes PGlite too, which flushes the data folder.
      await db.destroy();
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
