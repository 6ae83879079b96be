import { describe, expect, it } from "vitest";
import * as core from "@duraflows/core";
import * as testing from "@duraflows/core/testing";

// Every value export, and nothing else (types vanish at run time).
const CLASSES = [
  "WorkflowRuntime",
  "WorkflowHandle",
  "WorkflowValidator",
  "WorkflowCompiler",
  "CommandExecutor",
  "EventExecutor",
  "OnEnterExecutor",
  "TimeoutResolver",
  "InMemoryDefinitionRegistry",
  "InMemoryCommandRegistry",
  "InMemoryGuardRegistry",
  "ObserverRegistry",
  "ScopedTransactionContext",
];
const FUNCTIONS = [
  "toMermaidDiagram",
  "computeDefinitionHash",
  "runAfterCommitCallbacks",
  "startWorker",
  // Typed workflows (additions).
  "defineWorkflow",
  "registerWorkflowCommands",
  "readWorkflowSchemas",
  // Addition: recognises lock timeouts, serialization failures and deadlocks (documented in error-handling.md).
  "isRetryableWorkflowError",
  // Keyset cursors of the optional store read capabilities (additions).
  "encodeReadCursor",
  "decodeReadCursor",
  // Sort order and page building of listInstances, for store implementations (additions).
  "resolveInstanceListOrder",
  "toInstancePage",
];
// Additions: constants users compare against.
const CONSTANTS = [
  "CONTEXT_SCHEMA_FAILURE_CODE",
  "TRACE_CONTEXT_METADATA_KEY",
  "TRACE_ID_METADATA_KEY",
  "WAKE_CHANNEL",
];
// Additions: frozen name tables of the OpenTelemetry instrumentation.
const NAME_TABLES = ["TelemetryAttributes", "TelemetryMetrics"];
// Internals that code written against the published packages imports; exported as advanced building blocks
// (docs/decisions.md).
const ADVANCED = [
  "DefinitionResolver",
  "TimeoutRetryPolicy",
  "deepFreeze",
  "terminalStates",
  "referencedNames",
];
// Additions: the wake-up listener behind the SQL adapters' wake sources, and its NOTIFY payload helpers.
const WAKE_UPS = ["createListenWakeSource", "decodeWakeSignal", "encodeWakeSignal"];
const ERRORS = [
  "WorkflowError",
  "WorkflowDefinitionError",
  "InvalidArgumentError",
  "IdempotencyConflictError",
  "IdempotencyInProgressError",
  "IdempotencyNotSupportedError",
  "WorkflowInstanceNotFoundError",
  "InvalidEventError",
  "CommandFailureError",
  "OnEnterDepthExceededError",
  "IncompatibleDefinitionError",
  "MigrationInterruptedError",
  "DurableExecutionNotSupportedError",
  "WorkflowInstanceBusyError",
  "ExecutionLeaseLostError",
  "WorkflowSchemaValidationError",
];

// The published `@duraflows/core/testing` exports plus, by the documented decisions (docs/decisions.md), the
// execution-store kit and the in-memory doubles.
const TESTING = [
  "runInstanceStoreConformance",
  "runDefinitionStoreConformance",
  "runTransactionRunnerConformance",
  "runIdempotencyStoreConformance",
  "runExecutionStoreConformance",
  "runOutboxStoreConformance",
  "InMemoryTransactionRunner",
  "InMemoryInstanceStore",
  "InMemoryHistoryStore",
  "InMemoryDefinitionStore",
  "InMemoryIdempotencyStore",
  "InMemoryExecutionStore",
  "InMemoryOutboxStore",
  "createInMemoryPersistence",
  "SimulatedClock",
];

describe("export inventory", () => {
  it("@duraflows/core exports exactly the classes, functions and errors of the published API plus the advanced helpers", () => {
    expect(Object.keys(core).sort()).toEqual(
      [...CLASSES, ...FUNCTIONS, ...ERRORS, ...ADVANCED, ...WAKE_UPS, ...CONSTANTS, ...NAME_TABLES].sort(),
    );
    for (const name of CONSTANTS) expect(typeof (core as Record<string, unknown>)[name], name).toBe("string");
    for (const name of NAME_TABLES)
      expect(Object.isFrozen((core as Record<string, unknown>)[name]), name).toBe(true);
    for (const name of [...CLASSES, ...FUNCTIONS, ...ERRORS, ...ADVANCED, ...WAKE_UPS]) {
      expect(typeof (core as Record<string, unknown>)[name], name).toBe("function");
    }
  });

  it("keeps the other internal helpers unexported", () => {
    const internals = [
      "describeThrown",
      "InstanceMigrator",
      "DurableExecutionRunner",
      "buildStateEnterEvent",
      "extractErrorMessage",
      "sanitizeDiagnostic",
      "assertPositiveSafeInteger",
      "assertNonNegativeSafeInteger",
      "countActiveInstances",
      "findUnresolvableVersions",
    ];
    for (const name of internals) expect(Object.keys(core), name).not.toContain(name);
  });

  it("@duraflows/core/testing exports the kits and the in-memory doubles", () => {
    expect(Object.keys(testing).sort()).toEqual([...TESTING].sort());
  });

  it("every error extends WorkflowError and carries its class name", () => {
    for (const name of ERRORS) {
      const ErrorClass = (core as unknown as Record<string, new (...args: never[]) => Error>)[name];
      expect(ErrorClass.prototype instanceof Error, name).toBe(true);
      if (name !== "WorkflowError")
        expect(ErrorClass.prototype instanceof core.WorkflowError, name).toBe(true);
    }
  });
});
