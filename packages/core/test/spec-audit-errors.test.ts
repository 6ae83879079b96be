import { describe, expect, it } from "vitest";
import {
  CommandFailureError,
  DurableExecutionNotSupportedError,
  ExecutionLeaseLostError,
  IdempotencyConflictError,
  IdempotencyInProgressError,
  IdempotencyNotSupportedError,
  IncompatibleDefinitionError,
  InvalidArgumentError,
  InvalidEventError,
  MigrationInterruptedError,
  OnEnterDepthExceededError,
  WorkflowDefinitionError,
  WorkflowError,
  WorkflowInstanceBusyError,
  WorkflowInstanceNotFoundError,
  type MigrateInstancesResult,
} from "@duraflows/core";

const partial: MigrateInstancesResult = {
  dryRun: false,
  migrated: [],
  skipped: [],
  failed: [],
  nextCursor: "u-3",
  warnings: [],
};

// The class, `name`, fields and exact message of every error.
const cases: [Error, string, string, Record<string, unknown>][] = [
  [new WorkflowError("plain"), "WorkflowError", "plain", {}],
  [
    new WorkflowDefinitionError("wf", "oops"),
    "WorkflowDefinitionError",
    'Workflow "wf": oops',
    { workflowName: "wf" },
  ],
  [new InvalidArgumentError("bad arg"), "InvalidArgumentError", "bad arg", {}],
  [
    new WorkflowInstanceNotFoundError("u1"),
    "WorkflowInstanceNotFoundError",
    'Workflow instance "u1" not found',
    { workflowInstanceUuid: "u1" },
  ],
  [
    new InvalidEventError("u1", "open", "Go"),
    "InvalidEventError",
    'Event "Go" is not available on state "open" for instance "u1"',
    { workflowInstanceUuid: "u1", currentState: "open", eventName: "Go" },
  ],
  [
    new CommandFailureError("u1", "Go", "charge", { ok: false, code: "DECLINED" }),
    "CommandFailureError",
    'Command "charge" failed for event "Go" on instance "u1": DECLINED',
    {
      workflowInstanceUuid: "u1",
      eventName: "Go",
      commandName: "charge",
      result: { ok: false, code: "DECLINED" },
    },
  ],
  [
    new CommandFailureError("u1", "onEnter", "charge", { ok: false }),
    "CommandFailureError",
    'Command "charge" failed for event "onEnter" on instance "u1": unknown',
    {},
  ],
  [
    new OnEnterDepthExceededError("u1", "loop", 10),
    "OnEnterDepthExceededError",
    'onEnter chain exceeded maximum depth of 10 at state "loop" for instance "u1"',
    { workflowInstanceUuid: "u1", stateName: "loop", depth: 10 },
  ],
  [
    new IncompatibleDefinitionError("u1", "wf", "gone", 3),
    "IncompatibleDefinitionError",
    'Instance "u1" is in state "gone", which version 3 of workflow "wf" does not define',
    { workflowInstanceUuid: "u1", workflowName: "wf", currentState: "gone", version: 3 },
  ],
  [
    new MigrationInterruptedError(partial, 3, new Error("db down")),
    "MigrationInterruptedError",
    "migrateInstances was interrupted after examining 3 candidates: db down",
    { result: partial },
  ],
  [
    new IdempotencyConflictError("u1"),
    "IdempotencyConflictError",
    'Idempotency key was reused with a different event or fingerprint for instance "u1"',
    { workflowInstanceUuid: "u1" },
  ],
  [
    new IdempotencyInProgressError("u1"),
    "IdempotencyInProgressError",
    'Idempotent event is already executing in this transaction for instance "u1"',
    { workflowInstanceUuid: "u1" },
  ],
  [
    new IdempotencyNotSupportedError(),
    "IdempotencyNotSupportedError",
    "An idempotency key requires a configured WorkflowIdempotencyStore",
    {},
  ],
  [
    new DurableExecutionNotSupportedError(),
    "DurableExecutionNotSupportedError",
    "Durable execution requires a configured WorkflowExecutionStore",
    {},
  ],
  [
    new WorkflowInstanceBusyError("u1"),
    "WorkflowInstanceBusyError",
    'Instance "u1" has an active durable execution',
    { workflowInstanceUuid: "u1" },
  ],
  [
    new ExecutionLeaseLostError(),
    "ExecutionLeaseLostError",
    "Durable execution lease expired or changed owner",
    {},
  ],
];

describe("error types", () => {
  it.each(cases)("%s", (error, name, message, fields) => {
    expect(error).toBeInstanceOf(WorkflowError);
    expect(error.name).toBe(name);
    expect(error.message).toBe(message);
    expect(error).toMatchObject(fields);
  });

  it("WorkflowError keeps an optional cause", () => {
    const cause = new Error("root");
    expect(new WorkflowError("wrapped", cause).cause).toBe(cause);
    expect(new MigrationInterruptedError(partial, 0, cause).cause).toBe(cause);
    expect("cause" in new WorkflowError("no cause")).toBe(false);
  });

  it("CommandFailureError prefers the result message over its code", () => {
    const error = new CommandFailureError("u1", "Go", "charge", { ok: false, code: "C", message: "M" });
    expect(error.message).toBe('Command "charge" failed for event "Go" on instance "u1": M');
  });
});
