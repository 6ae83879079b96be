import {
  InMemoryCommandRegistry,
  InMemoryDefinitionRegistry,
  InMemoryGuardRegistry,
  WorkflowCompiler,
  WorkflowRuntime,
  WorkflowValidator,
  type WorkflowGuard,
  type WorkflowObserver,
} from "@duraflows/core";
import { createInMemoryPersistence } from "@duraflows/core/testing";

interface Actor {
  roles: string[];
}

// Guards are pure: they see a frozen copy of the context and decide whether the event may run.
const isManager: WorkflowGuard<Actor> = {
  name: "isManager",
  evaluate: (actor, ctx) => actor.roles.includes(String(ctx.commandMetadata["role"] ?? "manager")),
};

// Observers run after the transaction commits, at most once; a throwing observer never fails the call.
const auditLog: WorkflowObserver = {
  name: "audit-log",
  onEnter: (event) => {
    console.log(
      `${event.instanceUuid}: ${event.fromState ?? "(created)"} -> ${event.toState} via ${event.triggerEvent}`,
    );
  },
};

const definitionRegistry = new InMemoryDefinitionRegistry({
  validator: new WorkflowValidator(),
  compiler: new WorkflowCompiler(),
});
definitionRegistry.register({
  name: "expense",
  initialState: "submitted",
  states: {
    submitted: {
      events: {
        Approve: { guard: { name: "isManager", metadata: { role: "manager" } }, targetState: "approved" },
      },
    },
    approved: {},
  },
});
const guardRegistry = new InMemoryGuardRegistry();
guardRegistry.register("isManager", isManager);

const runtime = new WorkflowRuntime({
  definitionRegistry,
  commandRegistry: new InMemoryCommandRegistry(),
  guardRegistry,
  observers: [auditLog],
  onObserverError: (error, observer, event) =>
    console.error(`observer ${observer.name} failed on ${event.toState}`, error),
  clock: { now: () => new Date() },
  ...createInMemoryPersistence(),
});

const { uuid } = await runtime.createInstance({ workflowName: "expense" });
const rejected = await runtime.triggerEvent({
  workflowInstanceUuid: uuid,
  eventName: "Approve",
  subject: { roles: ["clerk"] },
});
console.log(rejected.outcome, rejected.rejectedBy); // "guard-rejected" "isManager" (history row written, state unchanged)
