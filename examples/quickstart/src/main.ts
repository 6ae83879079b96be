import {
  InMemoryCommandRegistry,
  InMemoryDefinitionRegistry,
  WorkflowCompiler,
  WorkflowRuntime,
  WorkflowValidator,
  toMermaidDiagram,
  type WorkflowCommand,
} from "@duraflows/core";
import { SimulatedClock, createInMemoryPersistence } from "@duraflows/core/testing";
import { signupWorkflow } from "./signup-workflow.js";

// Commands are plain objects; they mutate ctx.context in place and report ok / not ok.
const sendWelcomeEmail: WorkflowCommand = {
  execute(_subject, ctx) {
    ctx.context["welcomeSentAt"] = ctx.now.toISOString();
    return { ok: true, metadata: { template: "welcome" } };
  },
};

const definitionRegistry = new InMemoryDefinitionRegistry({
  validator: new WorkflowValidator(),
  compiler: new WorkflowCompiler(),
});
definitionRegistry.register(signupWorkflow);

const commandRegistry = new InMemoryCommandRegistry();
commandRegistry.register("sendWelcomeEmail", sendWelcomeEmail);

const clock = new SimulatedClock(new Date("2030-01-01T09:00:00Z"));
const runtime = new WorkflowRuntime({
  definitionRegistry,
  commandRegistry,
  clock,
  ...createInMemoryPersistence(),
});

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

// 1. Ada confirms her address: one event, one command, a context that grows.
const ada = await runtime.createInstance({ workflowName: "signup", context: { email: "ada@example.com" } });
console.log(`created ${ada.uuid} in "${ada.currentState}", expires at ${ada.expiresAt?.toISOString()}`);

const handle = runtime.getHandle(ada.uuid);
console.log(
  "available:",
  (await handle.getAvailableEvents()).map((event) => event.eventName),
);
const confirmed = await handle.triggerEvent("ConfirmEmail", { triggerMetadata: { actor: "ada" } });
console.log(`ConfirmEmail: ${confirmed.fromState} -> ${confirmed.toState} (${confirmed.outcome})`);
const active = await handle.getInstance();
console.log("context now:", active?.context);
check(active?.currentState === "active", "Ada should be active");

// 2. Bob never confirms: seven simulated days later the sweeper fires the Expire timeout.
const bob = await runtime.createInstance({ workflowName: "signup", context: { email: "bob@example.com" } });
clock.advanceDays(7);
clock.advanceMinutes(1);
const sweep = await runtime.processExpiredWorkflows();
console.log(`timeout sweep: processed ${sweep.processed}, failed ${sweep.failed.length}`);
const expired = await runtime.getInstance(bob.uuid);
check(expired?.currentState === "expired", "Bob should have expired");

// 3. The audit history, newest first, and a diagram for the README of your service.
for (const row of await handle.getHistory()) {
  console.log(`history: ${row.fromState} --${row.eventName}--> ${row.toState} [${row.outcome}]`);
}
console.log(toMermaidDiagram(signupWorkflow, { direction: "LR" }));
console.log("quickstart finished");
