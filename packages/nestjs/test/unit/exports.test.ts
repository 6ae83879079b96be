import "reflect-metadata";
import * as core from "@duraflows/core";
import { describe, expect, expectTypeOf, it } from "vitest";
import * as nest from "../../src/index.js";

const TOKENS = [
  "WORKFLOW_RUNTIME",
  "WORKFLOW_INSTANCE_STORE",
  "WORKFLOW_HISTORY_STORE",
  "WORKFLOW_COMMAND_REGISTRY",
  "WORKFLOW_GUARD_REGISTRY",
  "WORKFLOW_DEFINITION_REGISTRY",
  "WORKFLOW_TRANSACTION_RUNNER",
  "WORKFLOW_CLOCK",
  "WORKFLOW_DEFINITION_STORE",
  "WORKFLOW_IDEMPOTENCY_STORE",
  "WORKFLOW_EXECUTION_STORE",
];

const OWN_VALUES = [
  "WorkflowModule",
  "WorkflowService",
  "WorkflowTimeoutService",
  "NestCommandRegistry",
  "WorkflowCommand",
  "WORKFLOW_COMMAND_METADATA_KEY",
  "WorkflowInstanceController",
  "WorkflowEventController",
  "WorkflowQueryController",
  "WorkflowTimeoutController",
  "WorkflowExecutionController",
  "WorkflowExceptionFilter",
  "TriggerEventDto",
  "TriggerEventParamsDto",
  "HistoryQueryDto",
  "HistoryParamsDto",
  "AvailableEventsParamsDto",
  "TimeoutProcessQueryDto",
  "CreateInstanceDto",
];

const CORE_VALUES = [
  "WorkflowError",
  "WorkflowDefinitionError",
  "IdempotencyConflictError",
  "IdempotencyInProgressError",
  "IdempotencyNotSupportedError",
  "WorkflowInstanceNotFoundError",
  "InvalidEventError",
  "IncompatibleDefinitionError",
  "MigrationInterruptedError",
  "CommandFailureError",
  "OnEnterDepthExceededError",
  "DurableExecutionNotSupportedError",
  "WorkflowInstanceBusyError",
  "ExecutionLeaseLostError",
  "WorkflowValidator",
  "WorkflowCompiler",
  "CommandExecutor",
  "EventExecutor",
  "OnEnterExecutor",
  "TimeoutResolver",
  "WorkflowRuntime",
  "WorkflowHandle",
  "InMemoryDefinitionRegistry",
  "InMemoryCommandRegistry",
  "InMemoryGuardRegistry",
];

describe("public exports", () => {
  it("exports exactly the specified values", () => {
    expect(Object.keys(nest).sort()).toEqual([...TOKENS, ...OWN_VALUES, ...CORE_VALUES].sort());
  });

  it("exposes every token as a Symbol whose description is its name", () => {
    for (const name of TOKENS) {
      const token = (nest as Record<string, unknown>)[name];
      expect(typeof token).toBe("symbol");
      expect((token as symbol).description).toBe(name);
    }
  });

  it("re-exports the core values themselves", () => {
    for (const name of CORE_VALUES) {
      expect((nest as Record<string, unknown>)[name]).toBe((core as Record<string, unknown>)[name]);
    }
  });

  it("does not export WORKFLOW_MODULE_OPTIONS, InvalidArgumentError, Mermaid/hash functions or ScopedTransactionContext", async () => {
    const constants = await import("../../src/workflow.constants.js");
    expect(constants.WORKFLOW_MODULE_OPTIONS.description).toBe("WORKFLOW_MODULE_OPTIONS");
    for (const name of [
      "WORKFLOW_MODULE_OPTIONS",
      "InvalidArgumentError",
      "toMermaidDiagram",
      "computeDefinitionHash",
      "ScopedTransactionContext",
    ]) {
      expect(nest).not.toHaveProperty(name);
    }
    // The decorator, not the core interface, owns the name.
    expect(typeof nest.WorkflowCommand).toBe("function");
  });
});

// Type-level half of the export inventory, enforced by `pnpm typecheck` (tsconfig.test.json includes the tests).
describe("public type exports", () => {
  it("re-exports the specified core types unchanged", () => {
    expectTypeOf<nest.AvailableWorkflowEvent>().toEqualTypeOf<core.AvailableWorkflowEvent>();
    expectTypeOf<nest.CommandResult>().toEqualTypeOf<core.CommandResult>();
    expectTypeOf<nest.CompiledWorkflow>().toEqualTypeOf<core.CompiledWorkflow>();
    expectTypeOf<nest.CreateWorkflowInstanceInput>().toEqualTypeOf<core.CreateWorkflowInstanceInput>();
    expectTypeOf<nest.DefinitionVersionSummary>().toEqualTypeOf<core.DefinitionVersionSummary>();
    expectTypeOf<nest.DurableExecutionOptions>().toEqualTypeOf<core.DurableExecutionOptions>();
    expectTypeOf<nest.DurableWorkflowExecution>().toEqualTypeOf<core.DurableWorkflowExecution>();
    expectTypeOf<nest.EnqueueWorkflowEventInput>().toEqualTypeOf<core.EnqueueWorkflowEventInput>();
    expectTypeOf<nest.FindParkedTimeoutsInput>().toEqualTypeOf<core.FindParkedTimeoutsInput>();
    expectTypeOf<nest.GetAvailableEventsInput>().toEqualTypeOf<core.GetAvailableEventsInput>();
    expectTypeOf<nest.MigrateInstancesInput>().toEqualTypeOf<core.MigrateInstancesInput>();
    expectTypeOf<nest.MigrateInstancesResult>().toEqualTypeOf<core.MigrateInstancesResult>();
    expectTypeOf<nest.ObserverErrorHandler>().toEqualTypeOf<core.ObserverErrorHandler>();
    expectTypeOf<nest.OnEnterChainResult>().toEqualTypeOf<core.OnEnterChainResult>();
    expectTypeOf<nest.OnEnterHopResult>().toEqualTypeOf<core.OnEnterHopResult>();
    expectTypeOf<nest.ProcessExpiredWorkflowsInput>().toEqualTypeOf<core.ProcessExpiredWorkflowsInput>();
    expectTypeOf<nest.ProcessExpiredWorkflowsResult>().toEqualTypeOf<core.ProcessExpiredWorkflowsResult>();
    expectTypeOf<nest.ProcessPendingExecutionsInput>().toEqualTypeOf<core.ProcessPendingExecutionsInput>();
    expectTypeOf<nest.ProcessPendingExecutionsResult>().toEqualTypeOf<core.ProcessPendingExecutionsResult>();
    expectTypeOf<nest.StateEnterEvent>().toEqualTypeOf<core.StateEnterEvent>();
    expectTypeOf<nest.TriggerWorkflowEventInput>().toEqualTypeOf<core.TriggerWorkflowEventInput>();
    expectTypeOf<nest.ValidationError>().toEqualTypeOf<core.ValidationError>();
    expectTypeOf<nest.ValidationResult>().toEqualTypeOf<core.ValidationResult>();
    expectTypeOf<nest.WorkflowClock>().toEqualTypeOf<core.WorkflowClock>();
    expectTypeOf<nest.WorkflowCommandCheckpoint>().toEqualTypeOf<core.WorkflowCommandCheckpoint>();
    expectTypeOf<nest.WorkflowCommandRef>().toEqualTypeOf<core.WorkflowCommandRef>();
    expectTypeOf<nest.WorkflowCommandRegistry>().toEqualTypeOf<core.WorkflowCommandRegistry>();
    expectTypeOf<nest.WorkflowDefinition>().toEqualTypeOf<core.WorkflowDefinition>();
    expectTypeOf<nest.WorkflowDefinitionRegistry>().toEqualTypeOf<core.WorkflowDefinitionRegistry>();
    expectTypeOf<nest.WorkflowDefinitionStore>().toEqualTypeOf<core.WorkflowDefinitionStore>();
    expectTypeOf<nest.WorkflowEventDefinition>().toEqualTypeOf<core.WorkflowEventDefinition>();
    expectTypeOf<nest.WorkflowExecutionContext>().toEqualTypeOf<core.WorkflowExecutionContext>();
    expectTypeOf<nest.WorkflowExecutionResult>().toEqualTypeOf<core.WorkflowExecutionResult>();
    expectTypeOf<nest.WorkflowExecutionStore>().toEqualTypeOf<core.WorkflowExecutionStore>();
    expectTypeOf<nest.WorkflowGuard>().toEqualTypeOf<core.WorkflowGuard>();
    expectTypeOf<nest.WorkflowGuardRegistry>().toEqualTypeOf<core.WorkflowGuardRegistry>();
    expectTypeOf<nest.WorkflowHistoryRecord>().toEqualTypeOf<core.WorkflowHistoryRecord>();
    expectTypeOf<nest.WorkflowHistoryStore>().toEqualTypeOf<core.WorkflowHistoryStore>();
    expectTypeOf<nest.WorkflowIdempotencyRecord>().toEqualTypeOf<core.WorkflowIdempotencyRecord>();
    expectTypeOf<nest.WorkflowIdempotencyReservation>().toEqualTypeOf<core.WorkflowIdempotencyReservation>();
    expectTypeOf<nest.WorkflowIdempotencyStore>().toEqualTypeOf<core.WorkflowIdempotencyStore>();
    expectTypeOf<nest.WorkflowInstance>().toEqualTypeOf<core.WorkflowInstance>();
    expectTypeOf<nest.WorkflowInstanceStore>().toEqualTypeOf<core.WorkflowInstanceStore>();
    expectTypeOf<nest.WorkflowObserver>().toEqualTypeOf<core.WorkflowObserver>();
    expectTypeOf<nest.WorkflowOnEnterDefinition>().toEqualTypeOf<core.WorkflowOnEnterDefinition>();
    expectTypeOf<nest.WorkflowPersistenceProvider>().toEqualTypeOf<core.WorkflowPersistenceProvider>();
    expectTypeOf<nest.WorkflowRuntimeClient>().toEqualTypeOf<core.WorkflowRuntimeClient>();
    expectTypeOf<nest.WorkflowStateDefinition>().toEqualTypeOf<core.WorkflowStateDefinition>();
    expectTypeOf<nest.WorkflowTimeoutDefinition>().toEqualTypeOf<core.WorkflowTimeoutDefinition>();
    expectTypeOf<nest.WorkflowTimeoutRetry>().toEqualTypeOf<core.WorkflowTimeoutRetry>();
    expectTypeOf<nest.WorkflowTimeoutRetryOptions>().toEqualTypeOf<core.WorkflowTimeoutRetryOptions>();
    expectTypeOf<nest.WorkflowTransactionRunner>().toEqualTypeOf<core.WorkflowTransactionRunner>();
  });

  it("exports its own option and registration types", () => {
    expectTypeOf<nest.WorkflowCommandRegistration>().toHaveProperty("name").toEqualTypeOf<string>();
    expectTypeOf<nest.WorkflowModuleOptions>().toHaveProperty("enableControllers");
    expectTypeOf<nest.WorkflowModuleFactoryConfig>().not.toHaveProperty("commands");
    expectTypeOf<nest.WorkflowModuleFactoryConfig>().not.toHaveProperty("enableControllers");
    expectTypeOf<nest.WorkflowModuleAsyncOptions>().not.toHaveProperty("observers");
  });

  it("does not re-export InvalidArgumentError, ScopedTransactionContext or the core WorkflowCommand interface as types", () => {
    // @ts-expect-error not re-exported
    type A = nest.InvalidArgumentError;
    // @ts-expect-error not re-exported
    type B = nest.ScopedTransactionContext;
    // @ts-expect-error `WorkflowCommand` is the decorator (a value), not the core interface
    type C = nest.WorkflowCommand;
    expectTypeOf<A | B | C>().toBeAny();
  });
});
