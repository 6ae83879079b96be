import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { InMemoryCommandRegistry, InMemoryDefinitionRegistry, WorkflowRuntime } from "@duraflows/core";
import {
  createWorkflowMigrationProvider,
  kyselyWorkflowProviders,
  type WorkflowDatabase,
} from "@duraflows/kysely";
import { Kysely } from "kysely";
import { Migrator } from "kysely/migration"; // Kysely 0.28: import { Migrator } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";
import { orderWorkflow } from "./define-workflow.js";
import { sendToWarehouse } from "./send-to-warehouse.js";

// Embedded PostgreSQL (WASM): a folder on disk, or no argument for a throw-away in-memory database.
mkdirSync(".data", { recursive: true });
const db = new Kysely<WorkflowDatabase>({
  dialect: new PGliteDialect(await PGlite.create(".data/workflows")),
});

try {
  const { error } = await new Migrator({
    db,
    provider: createWorkflowMigrationProvider(),
    migrationTableName: "duraflows_migration",
    migrationLockTableName: "duraflows_migration_lock",
  }).migrateToLatest();
  if (error) throw error;

  const definitionRegistry = new InMemoryDefinitionRegistry();
  definitionRegistry.register(orderWorkflow);
  const commandRegistry = new InMemoryCommandRegistry();
  commandRegistry.register("sendToWarehouse", sendToWarehouse);
  const runtime = new WorkflowRuntime({
    definitionRegistry,
    commandRegistry,
    clock: { now: () => new Date() },
    ...kyselyWorkflowProviders(db),
  });

  await runtime.createInstance({ workflowName: "order", context: { orderId: "P-1" } });
  const stored = await db.selectFrom("workflow_instances").select(["uuid", "current_state"]).execute();
  console.log(`${stored.length} order(s) in .data/workflows`); // grows by one each run: the folder persists
} finally {
  await db.destroy(); // closes PGlite, which flushes the folder and lets the process exit
}
