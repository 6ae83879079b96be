import {
  InMemoryCommandRegistry,
  InMemoryDefinitionRegistry,
  WorkflowCompiler,
  WorkflowRuntime,
  WorkflowValidator,
} from "@duraflows/core";
import { SimulatedClock, createInMemoryPersistence } from "@duraflows/core/testing";
import { orderWorkflow } from "./define-workflow.js";
import { sendToWarehouse } from "./send-to-warehouse.js";

// The validator rejects broken definitions at registration; the compiler prepares them once.
const definitionRegistry = new InMemoryDefinitionRegistry({
  validator: new WorkflowValidator(),
  compiler: new WorkflowCompiler(),
});
definitionRegistry.register(orderWorkflow);

const commandRegistry = new InMemoryCommandRegistry();
commandRegistry.register("sendToWarehouse", sendToWarehouse);

export const clock = new SimulatedClock();
export const runtime = new WorkflowRuntime({
  definitionRegistry,
  commandRegistry,
  clock, // in production: { now: () => new Date() }
  ...createInMemoryPersistence(), // in production: pgWorkflowProviders(pool) or kyselyWorkflowProviders(db)
});
