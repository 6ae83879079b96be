import {
  InMemoryCommandRegistry,
  InMemoryDefinitionRegistry,
  WorkflowRuntime,
  type WorkflowDefinition,
} from "@duraflows/core";
import { pgWorkflowProviders } from "@duraflows/pg";
import type pg from "pg";

/** Version 2: "paid" is renamed "settled", Ship gains a command, a Refund event and a "refunded" state appear. */
export const orderV2: WorkflowDefinition = {
  name: "order",
  version: 2,
  initialState: "new",
  states: {
    new: { events: { Pay: { targetState: "settled" } } },
    settled: {
      events: {
        Ship: { targetState: "shipped", commands: [{ name: "notifyCarrier" }] },
        Refund: { targetState: "refunded" },
      },
    },
    shipped: {},
    refunded: {},
  },
};

/** Deploys version 2 the way an application does: a runtime registering it stores it beside version 1. */
export async function deployOrderV2(pool: pg.Pool): Promise<void> {
  const commandRegistry = new InMemoryCommandRegistry();
  commandRegistry.register("notifyCarrier", { execute: async () => ({ ok: true }) });
  const definitionRegistry = new InMemoryDefinitionRegistry();
  definitionRegistry.register(orderV2);
  await new WorkflowRuntime({
    ...pgWorkflowProviders(pool, { durableExecution: true }),
    definitionRegistry,
    commandRegistry,
    clock: { now: () => new Date() },
  }).initialize();
}
