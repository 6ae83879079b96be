import { randomUUID } from "node:crypto";
import type { WorkflowInstance } from "@duraflows/core";

/** A complete instance with sensible defaults; override what the test is about. */
export function instanceFixture(overrides: Partial<WorkflowInstance> = {}): WorkflowInstance {
  const now = new Date("2030-01-01T00:00:00.000Z");
  return {
    uuid: randomUUID(),
    workflowName: "pg-it",
    currentState: "open",
    version: 0,
    definitionVersion: 1,
    expiresAt: null,
    timeoutRetry: null,
    lastTransitionAt: now,
    context: {},
    metadata: {},
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

/** A promise with its resolve function, to sequence concurrent sessions without timers. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
