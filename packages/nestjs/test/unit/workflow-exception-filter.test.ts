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

describe("WorkflowExceptionFilter: transient database failures", () => {
  afterEach(() => vi.restoreAllMocks());

  function respondWithHeaders(exception: unknown, withHeaderMethod: boolean) {
    const send = vi.fn((_body: unknown) => undefined);
    const status = vi.fn((_code: number) => ({ send }));
    const headers: Record<string, string> = {};
    const setHeader = vi.fn((name: string, value: string) => {
      headers[name] = value;
    });
    const response = withHeaderMethod ? { status, header: setHeader } : { status, setHeader };
    const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
    new WorkflowExceptionFilter().catch(exception, host);
    return { status: status.mock.calls[0]![0], body: send.mock.calls[0]![0], headers };
  }

  const driverError = (code: string) => Object.assign(new Error(`driver ${code}`), { code });

  it.each([
    ["a raw lock timeout (55P03)", driverError("55P03"), true],
    ["a raw serialization failure (40001)", driverError("40001"), false],
    ["a raw deadlock (40P01)", driverError("40P01"), true],
    ["a WorkflowError caused by a lock timeout", new WorkflowError("failed", driverError("55P03")), false],
  ])("answers 503 with Retry-After for %s", (_label, exception, withHeaderMethod) => {
    vi.spyOn(Logger.prototype, "warn").mockImplementation(() => undefined);
    const answer = respondWithHeaders(exception, withHeaderMethod);
    expect(answer.status).toBe(503);
    expect(answer.headers).toEqual({ "Retry-After": "1" });
    expect(answer.body).toEqual({
      statusCode: 503,
      error: "Service Unavailable",
      message: expect.stringContaining("lock timeout, serialization failure or deadlock"),
    });
  });

  it("is selected by @Catch for a raw retryable driver error and not for other driver errors", () => {
    const metatypes = Reflect.getMetadata("__filterCatchExceptions__", WorkflowExceptionFilter) as unknown[];
    const matches = (value: unknown) =>
      metatypes.some((type) => value instanceof (type as new (...args: never[]) => unknown));
    expect(matches(driverError("55P03"))).toBe(true);
    expect(matches(new WorkflowInstanceNotFoundError(UUID))).toBe(true);
    expect(matches(driverError("23505"))).toBe(false);
    expect(matches(new Error("plain"))).toBe(false);
  });
});
