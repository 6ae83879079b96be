import "reflect-metadata";
import type { ArgumentsHost } from "@nestjs/common";
import { Logger } from "@nestjs/common";
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
  WorkflowDefinitionError,
  WorkflowError,
  WorkflowInstanceBusyError,
  WorkflowInstanceNotFoundError,
} from "@duraflows/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { WorkflowExceptionFilter } from "../../src/index.js";

const UUID = "00000000-0000-4000-8000-000000000001";

function respond(error: WorkflowError) {
  const send = vi.fn((_body: unknown) => undefined);
  const status = vi.fn((_code: number) => ({ send }));
  const host = { switchToHttp: () => ({ getResponse: () => ({ status }) }) } as unknown as ArgumentsHost;
  new WorkflowExceptionFilter().catch(error, host);
  expect(status).toHaveBeenCalledOnce();
  expect(send).toHaveBeenCalledOnce();
  return {
    status: status.mock.calls[0]![0] as number,
    body: send.mock.calls[0]![0] as Record<string, unknown>,
  };
}

describe("WorkflowExceptionFilter", () => {
  afterEach(() => vi.restoreAllMocks());

  it("maps WorkflowInstanceNotFoundError to 404 with the exception message", () => {
    const error = new WorkflowInstanceNotFoundError(UUID);
    expect(respond(error)).toEqual({
      status: 404,
      body: { statusCode: 404, error: "Not Found", message: `Workflow instance "${UUID}" not found` },
    });
  });

  it.each([
    new InvalidEventError(UUID, "new", "Ship"),
    new IncompatibleDefinitionError(UUID, "order", "gone", 2),
    new IdempotencyConflictError(UUID),
    new IdempotencyInProgressError(UUID),
    new WorkflowInstanceBusyError(UUID),
    new ExecutionLeaseLostError(),
  ])("maps $name to 409 Conflict with the exception message", (error) => {
    expect(respond(error)).toEqual({
      status: 409,
      body: { statusCode: 409, error: "Conflict", message: error.message },
    });
  });

  it("maps InvalidArgumentError to 400 with the exception message", () => {
    const error = new InvalidArgumentError("limit must be a positive integer, got 0");
    expect(respond(error)).toEqual({
      status: 400,
      body: { statusCode: 400, error: "Bad Request", message: "limit must be a positive integer, got 0" },
    });
  });

  it.each([
    new WorkflowDefinitionError("nope", "Workflow not found in registry"),
    new WorkflowError("Optimistic lock failed"),
    new IdempotencyNotSupportedError(),
    new DurableExecutionNotSupportedError(),
    new CommandFailureError(UUID, "Audit", "auditOrder", { ok: false, message: "secret" }),
  ])("sanitizes $name to a 500 and logs it", (error) => {
    const log = vi.spyOn(Logger.prototype, "error").mockImplementation(() => undefined);
    expect(respond(error)).toEqual({
      status: 500,
      body: { statusCode: 500, error: "Internal Server Error", message: "Internal server error" },
    });
    expect(log).toHaveBeenCalledWith(error.message, error.stack);
  });

  it("logs the wrapped cause's message and stack when there is one", () => {
    const log = vi.spyOn(Logger.prototype, "error").mockImplementation(() => undefined);
    const cause = new Error("connection reset");
    respond(new WorkflowError('Command "x" could not be resolved from the NestJS container.', cause));
    expect(log).toHaveBeenCalledWith(
      'Command "x" could not be resolved from the NestJS container. (cause: connection reset)',
      cause.stack,
    );
  });

  it("logs a non-Error cause as text", () => {
    const log = vi.spyOn(Logger.prototype, "error").mockImplementation(() => undefined);
    const error = new WorkflowError("boom", "raw cause");
    respond(error);
    expect(log).toHaveBeenCalledWith("boom (cause: raw cause)", error.stack);
  });
});
