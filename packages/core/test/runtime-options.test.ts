import { describe, expect, it } from "vitest";
import {
  DurableExecutionNotSupportedError,
  InvalidArgumentError,
  WorkflowRuntime,
  type WorkflowRuntimeOptions,
} from "@duraflows/core";
import { createFixture } from "./support/runtime-fixture.js";
import { busyExecutionStore } from "./support/version-fixtures.js";

function build(overrides: Record<string, unknown>): () => WorkflowRuntime {
  const { options } = createFixture();
  return () => new WorkflowRuntime({ ...options, ...overrides } as WorkflowRuntimeOptions);
}

describe("WorkflowRuntime constructor validation", () => {
  it.each([
    [{ onUnresolvable: "ignore" }, 'onUnresolvable must be "fail" or "warn", got "ignore"'],
    [{ onUnresolvable: null }, 'onUnresolvable must be "fail" or "warn", got null'],
    [{ maxOnEnterDepth: 0 }, "maxOnEnterDepth must be a positive integer, got 0"],
    [{ optimisticTransitions: "yes" }, 'optimisticTransitions must be a boolean, got "yes"'],
    [{ optimisticTransitions: null }, "optimisticTransitions must be a boolean, got null"],
    [{ maxOnEnterDepth: 2.5 }, "maxOnEnterDepth must be a positive integer, got 2.5"],
    [
      { timeoutRetry: { initialDelayMs: 0 } },
      "timeoutRetry.initialDelayMs must be a positive integer, got 0",
    ],
    [{ timeoutRetry: { maxDelayMs: -1 } }, "timeoutRetry.maxDelayMs must be a positive integer, got -1"],
    [
      { timeoutRetry: { maxAttempts: Number.NaN } },
      "timeoutRetry.maxAttempts must be a positive integer, got NaN",
    ],
    [
      { timeoutRetry: { initialDelayMs: 5000, maxDelayMs: 1000 } },
      "timeoutRetry.initialDelayMs (5000) must not exceed timeoutRetry.maxDelayMs (1000)",
    ],
    [
      { executionStore: busyExecutionStore(new Set()), durableExecution: { leaseDurationMs: 0 } },
      "leaseDurationMs must be a positive integer, got 0",
    ],
    [
      { executionStore: busyExecutionStore(new Set()), durableExecution: { initialDelayMs: -5 } },
      "initialDelayMs must be a positive integer, got -5",
    ],
    [
      { executionStore: busyExecutionStore(new Set()), durableExecution: { maxDelayMs: 1.5 } },
      "maxDelayMs must be a positive integer, got 1.5",
    ],
    [
      { executionStore: busyExecutionStore(new Set()), durableExecution: { maxAttempts: 0 } },
      "maxAttempts must be a positive integer, got 0",
    ],
    [
      {
        executionStore: busyExecutionStore(new Set()),
        durableExecution: { initialDelayMs: 2000, maxDelayMs: 1000 },
      },
      "maxDelayMs must be at least initialDelayMs",
    ],
  ])("%j → %s", (overrides, message) => {
    expect(build(overrides)).toThrow(new InvalidArgumentError(message));
    try {
      build(overrides)();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidArgumentError);
    }
  });

  it("accepts defaults and ignores the durable policy without an execution store", () => {
    expect(build({})).not.toThrow();
    expect(build({ onUnresolvable: "warn", maxOnEnterDepth: 3 })).not.toThrow();
    expect(build({ durableExecution: { leaseDurationMs: 0 } })).not.toThrow();
  });

  it("durable methods throw DurableExecutionNotSupportedError without an execution store", async () => {
    const runtime = build({})();
    await expect(
      runtime.enqueueEvent({ workflowInstanceUuid: "u", eventName: "E", idempotencyKey: "k" }),
    ).rejects.toBeInstanceOf(DurableExecutionNotSupportedError);
    await expect(runtime.processPendingExecutions()).rejects.toBeInstanceOf(
      DurableExecutionNotSupportedError,
    );
    await expect(runtime.getExecution("u")).rejects.toBeInstanceOf(DurableExecutionNotSupportedError);
    await expect(runtime.retryExecution("u")).rejects.toBeInstanceOf(DurableExecutionNotSupportedError);
    await expect(runtime.cancelExecution("u")).rejects.toBeInstanceOf(DurableExecutionNotSupportedError);
  });
});
