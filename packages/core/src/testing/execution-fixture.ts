import { randomUUID } from "node:crypto";
import type { DurableWorkflowExecution } from "../model/durable-execution.js";

/**
 * A complete, valid `DurableWorkflowExecution` record (status `pending`, revision 0) with `overrides` applied;
 * for store tests that need rows without going through the runtime.
 *
 * @internal
 */
export function executionFixture(
  overrides: Partial<DurableWorkflowExecution> = {},
): DurableWorkflowExecution {
  const now = "2030-01-01T00:00:00.000Z";
  return {
    uuid: randomUUID(),
    workflowInstanceUuid: randomUUID(),
    workflowName: "conformance",
    eventName: "Close",
    idempotencyKey: `key-${randomUUID()}`,
    status: "pending",
    revision: 0,
    definition: {
      name: "conformance",
      version: 1,
      initialState: "open",
      states: { open: { events: { Close: { targetState: "done" } } }, done: {} },
    },
    bestEffortCommands: [],
    instanceVersion: 0,
    fromState: "open",
    initialContext: { seeded: true },
    metadata: {},
    triggerMetadata: {},
    journal: [],
    result: null,
    attempts: 0,
    lastError: null,
    availableAt: now,
    leaseToken: null,
    leaseUntil: null,
    createdAt: now,
    updatedAt: now,
    policy: { leaseDurationMs: 30_000, initialDelayMs: 1_000, maxDelayMs: 3_600_000, maxAttempts: 10 },
    maxOnEnterDepth: 10,
    ...overrides,
  };
}
