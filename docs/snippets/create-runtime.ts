import {
  InMemoryCommandRegistry,
  InMemoryDefinitionRegistry,
  WorkflowCompiler,
  WorkflowRuntime,
  WorkflowValidator,
  type WorkflowCommand,
} from "@duraflows/core";
import { SimulatedClock, createInMemoryPersistence } from "@duraflows/core/testing";
import { orderWorkflow } from "./define-workflow.js";

const sendToWarehouse: WorkflowCommand = {
  execute(_subject, ctx) {
    ctx.context["warehouseTicket"] = `WH-${ctx.transitionUuid.slice(0, 8)}`;
    return { ok: true };
  },
};

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
