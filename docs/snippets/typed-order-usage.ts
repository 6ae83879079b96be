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
import { orderWorkflow } from "./typed-order-workflow.js";

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

export async function placeOrder(): Promise<void> {
  const order = await runtime.createInstance(orderWorkflow, {
    context: { total: 120 },
    metadata: { customerId: "c-42" },
  });
  const handle = runtime.getHandle(order.uuid, orderWorkflow);

  try {
    await handle.triggerEvent("PaymentReceived", { subject: { amount: -5, method: "card" } });
  } catch (error) {
    if (!(error instanceof WorkflowSchemaValidationError)) throw error;
    console.log(error.issues); // [{ path: ["amount"], message: "Too small: expected number to be >0" }]
  }

  await handle.triggerEvent("PaymentReceived", { subject: { amount: 120, method: "card" } });
  await handle.inState("paid").triggerEvent("Ship");

  const instance = await handle.getInstance();
  console.log(instance?.currentState, instance?.context.trackingNumber); // "shipped" "TRK-120"
}
