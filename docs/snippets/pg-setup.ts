import {
  InMemoryCommandRegistry,
  InMemoryDefinitionRegistry,
  WorkflowCompiler,
  WorkflowRuntime,
  WorkflowValidator,
} from "@duraflows/core";
import { migrate, pgWorkflowProviders } from "@duraflows/pg";
import pg from "pg";
import { orderWorkflow } from "./define-workflow.js";
import { sendToWarehouse } from "./send-to-warehouse.js";

// Reads DATABASE_URL, e.g. postgres://postgres@localhost:5432/postgres
export const pool = new pg.Pool({ connectionString: process.env["DATABASE_URL"] });

// Applies the schema migrations that are missing (nothing on a database that is up to date), recorded in the
// duraflows_migrations table. In production you may run it at deploy time instead (`npx duraflows migrate up`),
// or apply the dbmate files shipped in @duraflows/pg's sql/dbmate folder.
await migrate(pool);

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
