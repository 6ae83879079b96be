import type { DurableExecutionOptions } from "../model/durable-execution-options.js";
import type { WorkflowOutboxOptions } from "../model/outbox.js";
import { InvalidArgumentError } from "../errors/workflow-error.js";
import { TimeoutRetryPolicy } from "../timeout/timeout-retry-policy.js";
import { assertPositiveSafeInteger } from "../util/assert-integer.js";
import type { WorkflowRuntimeOptions } from "../config/workflow-runtime-options.js";

/** Runtime options after validation, with defaults applied. */
export interface ValidatedRuntimeOptions {
  onUnresolvable: "fail" | "warn";
  maxOnEnterDepth: number;
  timeoutRetryPolicy: TimeoutRetryPolicy;
  durablePolicy: Required<DurableExecutionOptions> | null;
  outboxPolicy: Required<WorkflowOutboxOptions>;
}

/**
 * Validates the constructor options in the specified order, throwing `InvalidArgumentError`.
 *
 * @internal
 */
export function validateRuntimeOptions(options: WorkflowRuntimeOptions): ValidatedRuntimeOptions {
  const onUnresolvable = options.onUnresolvable === undefined ? "fail" : options.onUnresolvable;
  if (onUnresolvable !== "fail" && onUnresolvable !== "warn") {
    throw new InvalidArgumentError(
      `onUnresolvable must be "fail" or "warn", got ${JSON.stringify(onUnresolvable)}`,
    );
  }
  const maxOnEnterDepth = options.maxOnEnterDepth ?? 10;
  if (options.maxOnEnterDepth !== undefined) assertPositiveSafeInteger("maxOnEnterDepth", maxOnEnterDepth);
  const timeoutRetryPolicy = new TimeoutRetryPolicy(options.timeoutRetry ?? {});
  const durablePolicy = options.executionStore ? validateDurablePolicy(options.durableExecution ?? {}) : null;
  const delivery = options.observerDelivery;
  if (delivery !== undefined && delivery !== "after-commit" && delivery !== "outbox") {
    throw new InvalidArgumentError(
      `observerDelivery must be "after-commit" or "outbox", got ${JSON.stringify(delivery)}`,
    );
  }
  const outboxPolicy = validateOutboxPolicy(options.outbox ?? {});
  const optimistic: unknown = options.optimisticTransitions;
  if (optimistic !== undefined && typeof optimistic !== "boolean") {
    throw new InvalidArgumentError(
      `optimisticTransitions must be a boolean, got ${JSON.stringify(optimistic)}`,
    );
  }
  return { onUnresolvable, maxOnEnterDepth, timeoutRetryPolicy, durablePolicy, outboxPolicy };
}

function validateOutboxPolicy(options: WorkflowOutboxOptions): Required<WorkflowOutboxOptions> {
  const policy: Required<WorkflowOutboxOptions> = {
    maxAttempts: options.maxAttempts ?? 10,
    initialDelayMs: options.initialDelayMs ?? 1_000,
    maxDelayMs: options.maxDelayMs ?? 300_000,
    leaseMs: options.leaseMs ?? 60_000,
  };
  for (const key of ["maxAttempts", "initialDelayMs", "maxDelayMs", "leaseMs"] as const) {
    assertPositiveSafeInteger(`outbox.${key}`, policy[key]);
  }
  if (policy.maxDelayMs < policy.initialDelayMs) {
    throw new InvalidArgumentError("outbox.maxDelayMs must be at least outbox.initialDelayMs");
  }
  return policy;
}

function validateDurablePolicy(options: DurableExecutionOptions): Required<DurableExecutionOptions> {
  const policy: Required<DurableExecutionOptions> = {
    leaseDurationMs: options.leaseDurationMs ?? 30_000,
    initialDelayMs: options.initialDelayMs ?? 1_000,
    maxDelayMs: options.maxDelayMs ?? 3_600_000,
    maxAttempts: options.maxAttempts ?? 10,
  };
  for (const key of ["leaseDurationMs", "initialDelayMs", "maxDelayMs", "maxAttempts"] as const) {
    assertPositiveSafeInteger(key, policy[key]);
  }
  if (policy.maxDelayMs < policy.initialDelayMs) {
    throw new InvalidArgumentError("maxDelayMs must be at least initialDelayMs");
  }
  return policy;
}
