import {
  InMemoryCommandRegistry,
  InMemoryDefinitionRegistry,
  InMemoryGuardRegistry,
  WorkflowRuntime,
} from "@duraflows/core";
import { pgWorkflowProviders } from "@duraflows/pg";
import type pg from "pg";
import { commands, guards } from "./fixtures/commands.mjs";
import { order } from "./fixtures/workflows.mjs";

/** An in-test runtime over the same database and fixtures as the CLI, to set up instances. */
export function fixtureRuntime(pool: pg.Pool): WorkflowRuntime {
  const definitionRegistry = new InMemoryDefinitionRegistry();
  definitionRegistry.register(order);
  const commandRegistry = new InMemoryCommandRegistry();
  for (const [name, command] of Object.entries(commands)) commandRegistry.register(name, command);
  const guardRegistry = new InMemoryGuardRegistry();
  for (const guard of guards) guardRegistry.register(guard.name, guard);
  return new WorkflowRuntime({
    ...pgWorkflowProviders(pool, { idempotency: true, durableExecution: true }),
    definitionRegistry,
    commandRegistry,
    guardRegistry,
    clock: { now: () => new Date() },
  });
}
