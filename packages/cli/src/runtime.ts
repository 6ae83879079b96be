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
): Promise<{ idempotency: boolean; durableExecution: boolean; outbox: boolean }> {
  const { rows } = await pool.query<{ i: boolean; e: boolean; o: boolean }>(
    `SELECT to_regclass('workflow_event_idempotency') IS NOT NULL AS i, to_regclass('workflow_executions') IS NOT NULL AS e,
       to_regclass('workflow_outbox') IS NOT NULL AS o`,
  );
  return { idempotency: rows[0]!.i, durableExecution: rows[0]!.e, outbox: rows[0]!.o };
}

/**
 * A runtime on the pool with the user's definitions, command handlers, guards and observers; the idempotency,
 * execution and outbox stores are enabled when their tables exist, and wake-ups are sent (`pg_notify`).
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
  const tables = await optionalTables(pool);
  // Outbox observers need the outbox table; without it they are left out rather than failing every call.
  const observers = tables.outbox
    ? handlers.observers
    : handlers.observers.filter((observer) => observer.delivery !== "outbox");
  return new WorkflowRuntime({
    ...pgWorkflowProviders(pool, { ...tables, notify: true }),
    definitionRegistry,
    commandRegistry,
    guardRegistry,
    observers,
    clock: { now: () => new Date() },
  });
}
