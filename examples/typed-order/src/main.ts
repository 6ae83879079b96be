import {
  InMemoryCommandRegistry,
  InMemoryDefinitionRegistry,
  WorkflowCompiler,
  WorkflowRuntime,
  WorkflowSchemaValidationError,
  WorkflowValidator,
  registerWorkflowCommands,
} from "@duraflows/core";
import { createInMemoryPersistence } from "@duraflows/core/testing";
import { orderWorkflow } from "./order-workflow.js";

const definitionRegistry = new InMemoryDefinitionRegistry({
  validator: new WorkflowValidator(),
  compiler: new WorkflowCompiler(),
});
definitionRegistry.register(orderWorkflow);

// Exactly the workflow's commands: leaving one out does not compile; `ctx.context` is typed.
const commandRegistry = new InMemoryCommandRegistry();
registerWorkflowCommands(commandRegistry, orderWorkflow, {
  sendToWarehouse: (_subject, ctx) => {
    ctx.context.trackingNumber = `TRK-${ctx.context.total}`;
    return { ok: true };
  },
});

const runtime = new WorkflowRuntime({
  definitionRegistry,
  commandRegistry,
  clock: { now: () => new Date() },
  ...createInMemoryPersistence(),
});

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

const order = await runtime.createInstance(orderWorkflow, {
  context: { total: 120 },
  metadata: { customerId: "c-42" },
});
const handle = runtime.getHandle(order.uuid, orderWorkflow);

// A payload the schema rejects: nothing is written, every issue is listed.
try {
  await handle.triggerEvent("PaymentReceived", { subject: { amount: -5, method: "card" } });
  throw new Error("the invalid payment should have been rejected");
} catch (error) {
  if (!(error instanceof WorkflowSchemaValidationError)) throw error;
  console.log(`rejected: ${error.message}`);
}
check((await handle.getHistory()).length === 0, "a rejected payload writes no history");

await handle.triggerEvent("PaymentReceived", { subject: { amount: 120, method: "card" } });
const shipped = await handle.inState("paid").triggerEvent("Ship");
console.log(`Ship: ${shipped.fromState} -> ${shipped.toState}`);

const instance = await handle.getInstance();
// `currentState` is the union of the workflow's states and `context.trackingNumber` a string.
check(instance?.currentState === "shipped", "the order should be shipped");
console.log(`tracking number: ${instance?.context.trackingNumber}`);
console.log("typed-order finished");
