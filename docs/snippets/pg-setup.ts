import {
  InMemoryCommandRegistry,
  InMemoryDefinitionRegistry,
  WorkflowCompiler,
  WorkflowRuntime,
  WorkflowValidator,
} from "@duraflows/core";
import { generateMigrationSql, pgWorkflowProviders } from "@duraflows/pg";
import pg from "pg";
import { orderWorkflow } from "./define-workflow.js";
import { sendToWarehouse } from "./send-to-warehouse.js";

// Reads DATABASE_URL, e.g. postgres://postgres@localhost:5432/postgres
export const pool = new pg.Pool({ connectionString: process.env["DATABASE_URL"] });

// Creates the tables when they are missing (IF NOT EXISTS). In production run this once at deploy time, or use
// the dbmate files shipped in @duraflows/pg's sql/dbmate folder.
const { up } = generateMigrationSql({ includeIdempotency: true });
await pool.query(up);

const definitionRegistry = new InMemoryDefinitionRegistry({
  validator: new WorkflowValidator(),
  compiler: new WorkflowCompiler(),
});
definitionRegistry.register(orderWorkflow);

const commandRegistry = new InMemoryCommandRegistry();
commandRegistry.register("sendToWarehouse", sendToWarehouse);

export const runtime = new WorkflowRuntime({
  definitionRegistry,
  commandRegistry,
  clock: { now: () => new Date() },
  // instanceStore, historyStore, transactionRunner, definitionStore (+ idempotencyStore), all on one pool.
  ...pgWorkflowProviders(pool, { idempotency: true, lockTimeoutMs: 5_000, statementTimeoutMs: 30_000 }),
});
