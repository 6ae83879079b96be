// A CommonJS application (no "type": "module"), compiled by tsc in strict mode to require() calls: every public
// package must load through its "require" entry and run a workflow, in memory and on PostgreSQL.
import {
  InMemoryCommandRegistry,
  InMemoryDefinitionRegistry,
  WorkflowRuntime,
  type WorkflowDefinition,
} from "@duraflows/core";
import { createInMemoryPersistence } from "@duraflows/core/testing";
import { generateMigrationSql, pgWorkflowProviders } from "@duraflows/pg";
import { kyselyWorkflowProviders, type WorkflowDatabase } from "@duraflows/kysely";
import { Kysely, PostgresDialect } from "kysely";
import { Pool } from "pg";

const ticket: WorkflowDefinition = {
  name: "ticket",
  initialState: "open",
  states: {
    open: { events: { Close: { targetState: "closed", commands: [{ name: "stamp" }] } } },
    closed: {},
  },
};

function registries() {
  const definitionRegistry = new InMemoryDefinitionRegistry();
  definitionRegistry.register(ticket);
  const commandRegistry = new InMemoryCommandRegistry();
  commandRegistry.register("stamp", {
    execute(_subject, ctx) {
      ctx.context["stampedAt"] = ctx.now.toISOString();
      return { ok: true };
    },
  });
  return { definitionRegistry, commandRegistry, clock: { now: () => new Date() } };
}

async function closeOne(runtime: WorkflowRuntime, label: string): Promise<void> {
  const { uuid } = await runtime.createInstance({ workflowName: "ticket" });
  const result = await runtime.triggerEvent({ workflowInstanceUuid: uuid, eventName: "Close" });
  if (result.toState !== "closed") throw new Error(`${label}: expected closed, got ${result.toState}`);
  console.log(`${label}: ${result.fromState} -> ${result.toState}`);
}

async function main(): Promise<void> {
  await closeOne(new WorkflowRuntime({ ...registries(), ...createInMemoryPersistence() }), "in memory");

  const pool = new Pool({ connectionString: process.env["DATABASE_URL"] });
  try {
    await pool.query(generateMigrationSql().up);
    await closeOne(new WorkflowRuntime({ ...registries(), ...pgWorkflowProviders(pool) }), "@duraflows/pg");
  } finally {
    await pool.end();
  }

  const db = new Kysely<WorkflowDatabase>({
    dialect: new PostgresDialect({ pool: new Pool({ connectionString: process.env["DATABASE_URL"] }) }),
  });
  try {
    await closeOne(
      new WorkflowRuntime({ ...registries(), ...kyselyWorkflowProviders(db) }),
      "@duraflows/kysely",
    );
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
