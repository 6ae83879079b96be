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

const pool = new pg.Pool({ connectionString: process.env["DATABASE_URL"] });

// Once, at deploy time (or run the dbmate files shipped in @duraflows/pg's sql/dbmate folder).
const { up } = generateMigrationSql({ includeIdempotency: true });
await pool.query(up);

const definitionRegistry = new InMemoryDefinitionRegistry({
  validator: new WorkflowValidator(),
  compiler: new WorkflowCompiler(),
});
definitionRegistry.register(orderWorkflow);

export const runtime = new WorkflowRuntime({
  definitionRegistry,
  commandRegistry: new InMemoryCommandRegistry(),
  clock: { now: () => new Date() },
  // instanceStore, historyStore, transactionRunner, definitionStore (+ idempotencyStore), all on one pool.
  ...pgWorkflowProviders(pool, { idempotency: true, lockTimeoutMs: 5_000, statementTimeoutMs: 30_000 }),
});
