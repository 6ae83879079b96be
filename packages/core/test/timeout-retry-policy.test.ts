import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../src/errors/workflow-error.js";
import type { WorkflowTimeoutRetry } from "../src/model/workflow-timeout-retry.js";
import { TimeoutRetryPolicy } from "../src/timeout/timeout-retry-policy.js";

const now = new Date("2024-05-01T10:00:00.000Z");
const MINUTE = 60_000;

describe("TimeoutRetryPolicy: options", () => {
  it("uses the defaults", () => {
    const policy = new TimeoutRetryPolicy();
    expect([policy.initialDelayMs, policy.maxDelayMs, policy.maxAttempts]).toEqual([60_000, 3_600_000, 10]);
  });

  it.each([
    ["initialDelayMs", 0],
    ["maxDelayMs", -1],
    ["maxAttempts", 1.5],
    ["initialDelayMs", "100"],
    ["maxAttempts", NaN],
  ])("rejects %s = %s", (key, value) => {
    const create = () => new TimeoutRetryPolicy({ [key]: value } as never);
    expect(create).toThrow(InvalidArgumentError);
    expect(create).toThrow(`timeoutRetry.${key} must be a positive integer, got ${String(value)}`);
  });

  it("requires initialDelayMs <= maxDelayMs", () => {
    expect(() => new TimeoutRetryPolicy({ initialDelayMs: 5000, maxDelayMs: 4000 })).toThrow(
      new InvalidArgumentError(
        "timeoutRetry.initialDelayMs (5000) must not exceed timeoutRetry.maxDelayMs (4000)",
      ),
    );
    expect(() => new TimeoutRetryPolicy({ initialDelayMs: 4000, maxDelayMs: 4000 })).not.toThrow();
    expect(() => new TimeoutRetryPolicy({ initialDelayMs: 3_600_001 })).toThrow(
      "timeoutRetry.initialDelayMs (3600001) must not exceed timeoutRetry.maxDelayMs (3600000)",
    );
  });
});

describe("TimeoutRetryPolicy.next", () => {
  it("waits 1, 2, 4, 8, 16, 32, 60, 60, 60 minutes with defaults and parks on the 10th failure", () => {
    const policy = new TimeoutRetryPolicy();
    const waits: number[] = [];
    let retry: WorkflowTimeoutRetry | null = null;
    for (let i = 1; i <= 9; i++) {
      retry = policy.next(retry, `failure ${i}`, now);
      expect(retry.attempts).toBe(i);
      expect(retry.parkedAt).toBeNull();
      waits.push((retry.retryAt!.getTime() - now.getTime()) / MINUTE);
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
    const parked = policy.next(retry, "failure 10", now);
    expect(parked).toEqual({ attempts: 10, lastError: "failure 10", retryAt: null, parkedAt: now });
  });

  it("starts from null and records the message", () => {
    const retry = new TimeoutRetryPolicy({ initialDelayMs: 1000, maxDelayMs: 5000, maxAttempts: 3 }).next(
      null,
      "boom",
      now,
    );
    expect(retry).toEqual({
      attempts: 1,
      lastError: "boom",
      retryAt: new Date(now.getTime() + 1000),
      parkedAt: null,
    });
  });

  it("parks once attempts reach maxAttempts, also past it", () => {
    const policy = new TimeoutRetryPolicy({ maxAttempts: 1 });
    expect(policy.next(null, "x", now)).toEqual({
      attempts: 1,
      lastError: "x",
      retryAt: null,
      parkedAt: now,
    });
    const beyond = policy.next({ attempts: 7, lastError: "", retryAt: null, parkedAt: null }, "y", now);
    expect(beyond.attempts).toBe(8);
    expect(beyond.parkedAt).toEqual(now);
  });

  it("caps the delay at maxDelayMs even for huge exponents", () => {
    const policy = new TimeoutRetryPolicy({ maxAttempts: 5000 });
    const retry = policy.next({ attempts: 3000, lastError: "", retryAt: null, parkedAt: null }, "x", now);
    expect(retry.retryAt).toEqual(new Date(now.getTime() + 3_600_000));
  });

  it("replaces NUL with U+FFFD and truncates lastError to 2000 characters", () => {
    const policy = new TimeoutRetryPolicy();
    expect(policy.next(null, "a\u0000b", now).lastError).toBe("a\uFFFDb");
    expect(policy.next(null, "x".repeat(2500), now).lastError).toBe("x".repeat(2000));
  });
});
