import {
  InMemoryCommandRegistry,
  InMemoryDefinitionRegistry,
  InMemoryGuardRegistry,
  WorkflowRuntime,
} from "@duraflows/core";
import { pgWorkflowProviders } from "@duraflows/pg";
import type { Pool } from "pg";
import { loadDefinitions, loadHandlers } from "./load-modules.js";

/** Which optional duraflows tables the database has. */
export async function optionalTables(
  pool: Pool,
): Promise<{ idempotency: boolean; durableExecution: boolean }> {
  const { rows } = await pool.query<{ i: boolean; e: boolean }>(
    `SELECT to_regclass('workflow_event_idempotency') IS NOT NULL AS i, to_regclass('workflow_executions') IS NOT NULL AS e`,
  );
  return { idempotency: rows[0]!.i, durableExecution: rows[0]!.e };
}

/**
 * A runtime on the pool with the user's definitions, command handlers and guards; the idempotency and
 * execution stores are enabled when their tables exist.
 */
export async function buildRuntime(
  pool: Pool,
  modules: { definitions?: string; commands?: string },
): Promise<WorkflowRuntime> {
  const definitions = modules.definitions === undefined ? [] : await loadDefinitions([modules.definitions]);
  const handlers = await loadHandlers(modules.commands);
  const definitionRegistry = new InMemoryDefinitionRegistry();
  for (const { definition } of definitions) definitionRegistry.register(definition);
  const commandRegistry = new InMemoryCommandRegistry();
  for (const [name, command] of handlers.commands) commandRegistry.register(name, command);
  const guardRegistry = new InMemoryGuardRegistry();
  for (const guard of handlers.guards) guardRegistry.register(guard.name, guard);
  return new WorkflowRuntime({
    ...pgWorkflowProviders(pool, await optionalTables(pool)),
    definitionRegistry,
    commandRegistry,
    guardRegistry,
    clock: { now: () => new Date() },
  });
}
