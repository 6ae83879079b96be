import { describe, expect, it } from "vitest";
import { DurableExecutionNotSupportedError, WorkflowInstanceBusyError } from "../src/errors/durable.error.js";
import { IdempotencyConflictError } from "../src/errors/idempotency.error.js";
import { InvalidEventError, WorkflowInstanceNotFoundError } from "../src/errors/instance.error.js";
import { InvalidArgumentError, WorkflowError } from "../src/errors/workflow-error.js";
import { InMemoryCommandRegistry } from "../src/registry/in-memory-command-registry.js";
import { InMemoryDefinitionRegistry } from "../src/registry/in-memory-definition-registry.js";
import { WorkflowRuntime } from "../src/runtime/workflow-runtime.js";
import { createInMemoryPersistence } from "../src/testing/create-in-memory-persistence.js";
import { SimulatedClock } from "../src/testing/simulated-clock.js";
import { createDurableHarness } from "./support/durable-harness.js";
import { ORDER_COMMANDS, orderWorkflow } from "./support/durable-workflows.js";

const KEY_MESSAGE =
  "Durable keys/fingerprints must be nonblank valid Unicode strings of at most 256 UTF-8 bytes without NUL";

async function setup(options: Parameters<typeof createDurableHarness>[0] = { definitions: [orderWorkflow] }) {
  const h = createDurableHarness(options);
  for (const name of ORDER_COMMANDS) h.command(name);
  const instance = await h.runtime.createInstance({
    workflowName: "order",
    context: { n: 1 },
    metadata: { tenant: "t" },
  });
  return { ...h, instance, uuid: instance.uuid };
}

describe("durable API without an execution store", () => {
  it("every durable method throws DurableExecutionNotSupportedError", async () => {
    const runtime = new WorkflowRuntime({
      ...createInMemoryPersistence(),
      definitionRegistry: new InMemoryDefinitionRegistry(),
      commandRegistry: new InMemoryCommandRegistry(),
      clock: new SimulatedClock(),
    });
    const error = new DurableExecutionNotSupportedError();
    expect(error.message).toBe("Durable execution requires a configured WorkflowExecutionStore");
    await expect(
      runtime.enqueueEvent({ workflowInstanceUuid: "u", eventName: "E", idempotencyKey: "k" }),
    ).rejects.toThrow(error);
    await expect(runtime.processPendingExecutions()).rejects.toThrow(DurableExecutionNotSupportedError);
    await expect(runtime.getExecution("x")).rejects.toThrow(DurableExecutionNotSupportedError);
    await expect(runtime.retryExecution("x")).rejects.toThrow(DurableExecutionNotSupportedError);
    await expect(runtime.cancelExecution("x")).rejects.toThrow(DurableExecutionNotSupportedError);
  });
});

describe("enqueueEvent", () => {
  it("records a pending execution capturing everything the worker needs", async () => {
    const h = await setup({
      definitions: [orderWorkflow],
      durableExecution: { leaseDurationMs: 5000, maxAttempts: 3 },
    });
    h.clock.advance(1234);
    const execution = await h.runtime.enqueueEvent({
      workflowInstanceUuid: h.uuid,
      eventName: "Ship",
      idempotencyKey: "ship-1",
      idempotencyFingerprint: "fp",
      subject: { sku: "a" },
      triggerMetadata: { user: "u1" },
    });
    const at = "2030-01-01T00:00:01.234Z";
    expect(execution).toEqual({
      uuid: expect.stringMatching(/^[0-9a-f-]{36}$/),
      workflowInstanceUuid: h.uuid,
      workflowName: "order",
      eventName: "Ship",
      idempotencyKey: "ship-1",
      idempotencyFingerprint: "fp",
      status: "pending",
      revision: 0,
      definition: JSON.parse(JSON.stringify(orderWorkflow)),
      bestEffortCommands: [],
      instanceVersion: 0,
      fromState: "new",
      initialContext: { stage: "new", n: 1 },
      metadata: { tenant: "t" },
      subject: { sku: "a" },
      triggerMetadata: { user: "u1" },
      journal: [],
      result: null,
      attempts: 0,
      lastError: null,
      availableAt: at,
      leaseToken: null,
      leaseUntil: null,
      createdAt: at,
      updatedAt: at,
      policy: { leaseDurationMs: 5000, initialDelayMs: 1000, maxDelayMs: 3_600_000, maxAttempts: 3 },
      maxOnEnterDepth: 10,
    });
    expect(await h.runtime.getExecution(execution.uuid)).toEqual(execution);
    execution.journal.push({
      id: "0",
      name: "x",
      result: { ok: true },
      context: {},
      attempts: 1,
      completedAt: at,
    });
    expect((await h.runtime.getExecution(execution.uuid))!.journal).toEqual([]);
  });

  it("leaves the instance, its history and the observers untouched", async () => {
    const h = await setup();
    const before = await h.runtime.getInstance(h.uuid);
    const observedBefore = h.observed.length;
    await h.runtime.enqueueEvent({ workflowInstanceUuid: h.uuid, eventName: "Ship", idempotencyKey: "k" });
    expect(await h.runtime.getInstance(h.uuid)).toEqual(before);
    expect(await h.runtime.getHistory(h.uuid)).toEqual([]);
    expect(h.observed).toHaveLength(observedBefore);
    expect(h.calls).toEqual([]);
  });

  it("omits subject and fingerprint when not given and copies inputs at once", async () => {
    const h = await setup();
    const plain = await h.runtime.enqueueEvent({
      workflowInstanceUuid: h.uuid,
      eventName: "Ship",
      idempotencyKey: "k",
    });
    expect(Object.hasOwn(plain, "subject")).toBe(false);
    expect(Object.hasOwn(plain, "idempotencyFingerprint")).toBe(false);
    expect(plain.triggerMetadata).toEqual({});
    await h.runtime.cancelExecution(plain.uuid);
    const subject = { list: [1] };
    const copied = await h.runtime.enqueueEvent({
      workflowInstanceUuid: h.uuid,
      eventName: "Ship",
      idempotencyKey: "k2",
      subject,
    });
    subject.list.push(2);
    expect((await h.runtime.getExecution(copied.uuid))!.subject).toEqual({ list: [1] });
  });

  it("validates keys, fingerprints and payloads before touching any store", async () => {
    const h = await setup();
    const base = { workflowInstanceUuid: "missing", eventName: "Ship", idempotencyKey: "k" };
    await expect(
      h.runtime.enqueueEvent({ ...base, idempotencyKey: undefined as unknown as string }),
    ).rejects.toThrow(new InvalidArgumentError("enqueueEvent requires idempotencyKey"));
    for (const key of ["", "  ", "a\u0000", "\uD800", "x".repeat(257)]) {
      await expect(h.runtime.enqueueEvent({ ...base, idempotencyKey: key })).rejects.toThrow(
        new InvalidArgumentError(KEY_MESSAGE),
      );
      await expect(h.runtime.enqueueEvent({ ...base, idempotencyFingerprint: key })).rejects.toThrow(
        KEY_MESSAGE,
      );
    }
    await expect(h.runtime.enqueueEvent({ ...base, subject: { at: new Date() } })).rejects.toThrow(
      new InvalidArgumentError("Durable inputs must be plain JSON objects"),
    );
    await expect(h.runtime.enqueueEvent({ ...base, subject: { f: () => 1 } })).rejects.toThrow(
      new InvalidArgumentError("Durable inputs must be JSON values"),
    );
    await expect(
      h.runtime.enqueueEvent({ ...base, triggerMetadata: [] as unknown as Record<string, unknown> }),
    ).rejects.toThrow(new InvalidArgumentError("Durable inputs must be plain JSON objects"));
    await expect(h.runtime.enqueueEvent({ ...base, triggerMetadata: { n: 1n } })).rejects.toThrow(
      "Durable inputs must be JSON values",
    );
    await expect(h.runtime.enqueueEvent(base)).rejects.toThrow(new WorkflowInstanceNotFoundError("missing"));
  });

  it("replays a known key with the same event and fingerprint, whatever the status", async () => {
    const h = await setup();
    const input = {
      workflowInstanceUuid: h.uuid,
      eventName: "Ship",
      idempotencyKey: "k",
      idempotencyFingerprint: "f",
    };
    const first = await h.runtime.enqueueEvent(input);
    expect(await h.runtime.enqueueEvent({ ...input, subject: { ignored: true } })).toEqual(first);
    const cancelled = await h.runtime.cancelExecution(first.uuid);
    await h.runtime.enqueueEvent({
      workflowInstanceUuid: h.uuid,
      eventName: "Noop",
      idempotencyKey: "other",
    });
    await h.runtime.processPendingExecutions();
    expect((await h.runtime.getInstance(h.uuid))!.currentState).toBe("failed");
    expect(await h.runtime.enqueueEvent(input)).toEqual(cancelled);
  });

  it("rejects a reused key with another event or fingerprint", async () => {
    const h = await setup();
    const input = {
      workflowInstanceUuid: h.uuid,
      eventName: "Ship",
      idempotencyKey: "k",
      idempotencyFingerprint: "f",
    };
    await h.runtime.enqueueEvent(input);
    const conflict = new IdempotencyConflictError(h.uuid);
    await expect(h.runtime.enqueueEvent({ ...input, eventName: "Poke" })).rejects.toThrow(conflict);
    await expect(h.runtime.enqueueEvent({ ...input, idempotencyFingerprint: "g" })).rejects.toThrow(conflict);
    const { idempotencyFingerprint: _omitted, ...withoutFingerprint } = input;
    await expect(h.runtime.enqueueEvent(withoutFingerprint)).rejects.toThrow(IdempotencyConflictError);
  });

  it("refuses a second key while the instance is occupied", async () => {
    const h = await setup();
    await h.runtime.enqueueEvent({ workflowInstanceUuid: h.uuid, eventName: "Ship", idempotencyKey: "a" });
    await expect(
      h.runtime.enqueueEvent({ workflowInstanceUuid: h.uuid, eventName: "Poke", idempotencyKey: "b" }),
    ).rejects.toThrow(new WorkflowInstanceBusyError(h.uuid));
    expect(new WorkflowInstanceBusyError(h.uuid).message).toBe(
      `Instance "${h.uuid}" has an active durable execution`,
    );
  });

  it("requires an own event of the current state", async () => {
    const h = await setup();
    for (const eventName of ["toString", "__proto__", "Missing"]) {
      await expect(
        h.runtime.enqueueEvent({ workflowInstanceUuid: h.uuid, eventName, idempotencyKey: eventName }),
      ).rejects.toThrow(new InvalidEventError(h.uuid, "new", eventName));
    }
    expect(await h.executionStore.findActive(h.uuid)).toBeNull();
  });

  it("fails acceptance when any referenced command is unregistered, and captures best-effort names", async () => {
    const h = createDurableHarness({ definitions: [orderWorkflow] });
    for (const name of ORDER_COMMANDS.filter((n) => n !== "audit"))
      h.command(name, undefined, { bestEffort: name === "notify" });
    const { uuid } = await h.runtime.createInstance({ workflowName: "order" });
    await expect(
      h.runtime.enqueueEvent({ workflowInstanceUuid: uuid, eventName: "Poke", idempotencyKey: "k" }),
    ).rejects.toThrow(new WorkflowError('Command "audit" not found in registry'));
    expect(await h.executionStore.findActive(uuid)).toBeNull();
    h.command("audit", undefined, { bestEffort: true });
    const execution = await h.runtime.enqueueEvent({
      workflowInstanceUuid: uuid,
      eventName: "Poke",
      idempotencyKey: "k",
    });
    expect(execution.bestEffortCommands).toEqual(["notify", "audit"]);
  });

  it("ensures the captured definition version in the definition store", async () => {
    const h = await setup({ definitions: [{ ...orderWorkflow, version: 3 }] });
    await h.runtime.enqueueEvent({ workflowInstanceUuid: h.uuid, eventName: "Ship", idempotencyKey: "k" });
    const stored = await h.persistence.definitionStore!.findByNameAndVersion("order", 3);
    expect(stored?.version).toBe(3);
  });

  it("rolls back with a caller-owned transaction", async () => {
    const h = await setup();
    const failure = new Error("caller failed");
    await expect(
      h.persistence.transactionRunner.runInTransaction(async () => {
        await h.runtime.enqueueEvent({
          workflowInstanceUuid: h.uuid,
          eventName: "Ship",
          idempotencyKey: "k",
        });
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await h.executionStore.findByKey(h.uuid, "k")).toBeNull();
  });
});
