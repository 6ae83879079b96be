import "reflect-metadata";
import * as core from "@duraflows/core";
import { describe, expect, it } from "vitest";
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
