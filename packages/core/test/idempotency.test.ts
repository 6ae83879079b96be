import { afterEach, describe, expect, it, vi } from "vitest";
import {
  IdempotencyConflictError,
  IdempotencyInProgressError,
  IdempotencyNotSupportedError,
  InvalidArgumentError,
  WorkflowError,
  WorkflowRuntime,
  type TriggerWorkflowEventInput,
  type WorkflowDefinition,
} from "@duraflows/core";
import {
  collectingObserver,
  createFixture,
  recordingCommand,
  recordingGuard,
} from "./support/runtime-fixture.js";
import { busyExecutionStore } from "./support/version-fixtures.js";

const payment: WorkflowDefinition = {
  name: "payment",
  initialState: "pending",
  states: {
    pending: {
      events: {
        Capture: { targetState: "captured", commands: [{ name: "capture" }] },
        Refuse: { targetState: "refused", guard: { name: "never" } },
        Touch: { commands: [{ name: "touch" }] },
      },
    },
    captured: { events: { Refund: { targetState: "refunded" } } },
    refused: {},
    refunded: {},
  },
};

afterEach(() => {
  vi.restoreAllMocks();
});

function setup(
  capture = recordingCommand({ ok: true, code: "CAPTURED", metadata: { at: new Date(0), gone: undefined } }),
) {
  const observer = collectingObserver();
  const fixture = createFixture({
    definitions: [payment],
    commands: { capture, touch: recordingCommand() },
    guards: { never: recordingGuard(false) },
    persistence: { idempotency: true },
    runtime: { observers: [observer] },
  });
  return { ...fixture, observer, capture };
}

describe("idempotent triggerEvent", () => {
  it("the same key fired 50 times concurrently transitions once and returns 50 identical results", async () => {
    const { runtime, observer, capture } = setup();
    const instance = await runtime.createInstance({ workflowName: "payment" });
    const input = { workflowInstanceUuid: instance.uuid, eventName: "Capture", idempotencyKey: "order-1" };
    const results = await Promise.all(Array.from({ length: 50 }, () => runtime.triggerEvent({ ...input })));
    expect(capture.calls).toHaveLength(1);
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(results[0]).toMatchObject({ outcome: "success", toState: "captured" });
    expect(await runtime.getHistory(instance.uuid)).toHaveLength(1);
    expect(observer.events.filter((e) => e.triggerEvent === "Capture")).toHaveLength(1);
    expect((await runtime.getInstance(instance.uuid))?.version).toBe(1);
  });

  it("JSON-normalises the result on the first call as on replays", async () => {
    const { runtime } = setup();
    const instance = await runtime.createInstance({ workflowName: "payment" });
    const input = { workflowInstanceUuid: instance.uuid, eventName: "Capture", idempotencyKey: "k" };
    const first = await runtime.triggerEvent(input);
    expect(first.commandResults[0]).toEqual({
      ok: true,
      code: "CAPTURED",
      metadata: { at: "1970-01-01T00:00:00.000Z" },
    });
    expect("gone" in first.commandResults[0].metadata!).toBe(false);
    const replay = await runtime.triggerEvent(input);
    expect(replay).toEqual(first);
    expect(replay).not.toBe(first);
    const unkeyed = await runtime.triggerEvent({ workflowInstanceUuid: instance.uuid, eventName: "Refund" });
    expect(unkeyed.commandResults).toEqual([]);
  });

  it("replays bypass definition resolution, busy checks, history and observers", async () => {
    const { runtime, options, observer } = setup();
    const instance = await runtime.createInstance({ workflowName: "payment" });
    const input = {
      workflowInstanceUuid: instance.uuid,
      eventName: "Capture",
      idempotencyKey: "k",
      idempotencyFingerprint: "f",
    };
    const first = await runtime.triggerEvent(input);
    await runtime.triggerEvent({ workflowInstanceUuid: instance.uuid, eventName: "Refund" });
    // A later runtime whose latest definition no longer knows the state, and which sees the instance as busy.
    const incompatible = createFixture({
      definitions: [
        { name: "payment", version: 2, versionPolicy: "latest", initialState: "a", states: { a: {} } },
      ],
    });
    const later = new WorkflowRuntime({
      ...options,
      definitionRegistry: incompatible.definitions,
      executionStore: busyExecutionStore(new Set([instance.uuid])),
      observers: [observer],
    });
    const historyBefore = await runtime.getHistory(instance.uuid);
    const eventsBefore = observer.events.length;
    expect(await later.triggerEvent(input)).toEqual(first);
    expect(await runtime.getHistory(instance.uuid)).toEqual(historyBefore);
    expect(observer.events).toHaveLength(eventsBefore);
    await expect(later.triggerEvent({ ...input, idempotencyKey: "fresh" })).rejects.toThrow(
      "has an active durable execution",
    );
  });

  it("stores and replays guard rejections", async () => {
    const { runtime } = setup();
    const instance = await runtime.createInstance({ workflowName: "payment" });
    const input = { workflowInstanceUuid: instance.uuid, eventName: "Refuse", idempotencyKey: "r" };
    const first = await runtime.triggerEvent(input);
    expect(first.outcome).toBe("guard-rejected");
    expect(await runtime.triggerEvent(input)).toEqual(first);
    expect(await runtime.getHistory(instance.uuid)).toHaveLength(1);
  });

  it("rejects reuse with another event or fingerprint (presence included)", async () => {
    const { runtime } = setup();
    const instance = await runtime.createInstance({ workflowName: "payment" });
    const uuid = instance.uuid;
    await runtime.triggerEvent({
      workflowInstanceUuid: uuid,
      eventName: "Touch",
      idempotencyKey: "k",
      idempotencyFingerprint: "A",
    });
    for (const input of [
      { eventName: "Capture", idempotencyFingerprint: "A" },
      { eventName: "Touch", idempotencyFingerprint: "a" },
      { eventName: "Touch" },
    ]) {
      const error = await runtime
        .triggerEvent({ workflowInstanceUuid: uuid, idempotencyKey: "k", ...input })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IdempotencyConflictError);
      expect((error as Error).message).toBe(
        `Idempotency key was reused with a different event or fingerprint for instance "${uuid}"`,
      );
    }
    await runtime.triggerEvent({ workflowInstanceUuid: uuid, eventName: "Touch", idempotencyKey: "plain" });
    await expect(
      runtime.triggerEvent({
        workflowInstanceUuid: uuid,
        eventName: "Touch",
        idempotencyKey: "plain",
        idempotencyFingerprint: "x",
      }),
    ).rejects.toBeInstanceOf(IdempotencyConflictError);
    await expect(
      runtime.triggerEvent({ workflowInstanceUuid: uuid, eventName: "Touch", idempotencyKey: "K" }),
    ).resolves.toMatchObject({
      outcome: "success",
    });
  });

  it("re-entering the same key inside its own transaction is IdempotencyInProgressError", async () => {
    const holder: { runtime?: WorkflowRuntime } = {};
    let nested: unknown;
    const capture = recordingCommand(async (ctx) => {
      nested = await holder
        .runtime!.triggerEvent({
          workflowInstanceUuid: ctx.context.uuid as string,
          eventName: "Capture",
          idempotencyKey: "k",
        })
        .catch((e: unknown) => e);
      return { ok: true };
    });
    const fixture = setup(capture);
    const runtime = fixture.runtime;
    holder.runtime = runtime;
    const instance = await runtime.createInstance({ workflowName: "payment" });
    await runtime.triggerEvent({ workflowInstanceUuid: instance.uuid, eventName: "Touch" });
    const withUuid = { workflowInstanceUuid: instance.uuid, eventName: "Capture", idempotencyKey: "k" };
    // The context carries the uuid so the command can re-enter.
    await fixture.persistence.transactionRunner.runInTransaction(async () => {
      const row = (await fixture.persistence.instanceStore.lockByUuid(instance.uuid))!;
      await fixture.persistence.instanceStore.update({
        ...row,
        version: row.version + 1,
        context: { uuid: instance.uuid },
      });
    });
    await runtime.triggerEvent(withUuid);
    expect(nested).toBeInstanceOf(IdempotencyInProgressError);
    expect((nested as Error).message).toBe(
      `Idempotent event is already executing in this transaction for instance "${instance.uuid}"`,
    );
  });

  it("leaves no receipt when the call throws, so a retry executes again; receipts roll back with the caller", async () => {
    let fail = true;
    const capture = recordingCommand(() => {
      if (fail) throw new Error("gateway timeout");
      return { ok: true };
    });
    const { runtime, persistence } = setup(capture);
    const instance = await runtime.createInstance({ workflowName: "payment" });
    const input = { workflowInstanceUuid: instance.uuid, eventName: "Capture", idempotencyKey: "k" };
    await expect(runtime.triggerEvent(input)).rejects.toThrow("gateway timeout");
    fail = false;
    await expect(
      persistence.transactionRunner.runInTransaction(async () => {
        await runtime.triggerEvent(input);
        throw new Error("caller rollback");
      }),
    ).rejects.toThrow("caller rollback");
    expect((await runtime.triggerEvent(input)).toState).toBe("captured");
    expect(capture.calls).toHaveLength(3);
  });

  it("copies the keyed input so a caller mutation during execution cannot change the receipt identity", async () => {
    const input: TriggerWorkflowEventInput = {
      workflowInstanceUuid: "",
      eventName: "Capture",
      idempotencyKey: "original",
    };
    const capture = recordingCommand(() => {
      input.idempotencyKey = "mutated";
      return { ok: true };
    });
    const { runtime } = setup(capture);
    input.workflowInstanceUuid = (await runtime.createInstance({ workflowName: "payment" })).uuid;
    const first = await runtime.triggerEvent(input);
    expect(await runtime.triggerEvent({ ...input, idempotencyKey: "original" })).toEqual(first);
    expect(capture.calls).toHaveLength(1);
  });

  it("a result that is not JSON-serializable fails and rolls back", async () => {
    const capture = recordingCommand({ ok: true, metadata: { big: 10n } });
    const { runtime } = setup(capture);
    const instance = await runtime.createInstance({ workflowName: "payment" });
    const error = await runtime
      .triggerEvent({ workflowInstanceUuid: instance.uuid, eventName: "Capture", idempotencyKey: "k" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowError);
    expect((error as Error).message).toBe("Idempotent event result must be JSON-serializable");
    expect((error as Error).cause).toBeInstanceOf(TypeError);
    expect((await runtime.getInstance(instance.uuid))?.currentState).toBe("pending");
  });

  it("validates keys and fingerprints before anything else", async () => {
    const { runtime } = setup();
    const uuid = "not-even-looked-up";
    const keyMessage =
      "idempotencyKey must be a nonblank valid Unicode string of at most 256 UTF-8 bytes without NUL";
    const fingerprintMessage =
      "idempotencyFingerprint must be a nonblank valid Unicode string of at most 256 UTF-8 bytes without NUL";
    for (const bad of ["", "   ", "a\u0000b", "\ud800", "x\udc00", "é".repeat(129), 42, null]) {
      await expect(
        runtime.triggerEvent({ workflowInstanceUuid: uuid, eventName: "E", idempotencyKey: bad as string }),
      ).rejects.toThrow(new InvalidArgumentError(keyMessage));
      await expect(
        runtime.triggerEvent({
          workflowInstanceUuid: uuid,
          eventName: "E",
          idempotencyKey: "k",
          idempotencyFingerprint: bad as string,
        }),
      ).rejects.toThrow(new InvalidArgumentError(fingerprintMessage));
    }
    await expect(
      runtime.triggerEvent({ workflowInstanceUuid: uuid, eventName: "E", idempotencyFingerprint: "f" }),
    ).rejects.toThrow(new InvalidArgumentError("idempotencyFingerprint requires idempotencyKey"));
    const instance = await runtime.createInstance({ workflowName: "payment" });
    const ok = await runtime.triggerEvent({
      workflowInstanceUuid: instance.uuid,
      eventName: "Touch",
      idempotencyKey: "é".repeat(128),
      idempotencyFingerprint: "😀 emoji pairs are fine",
    });
    expect(ok.outcome).toBe("success");
  });

  it("a key without an idempotency store is IdempotencyNotSupportedError; unkeyed calls never touch the store", async () => {
    const bare = createFixture({
      definitions: [payment],
      commands: { capture: recordingCommand(), touch: recordingCommand() },
    });
    const error = await bare.runtime
      .triggerEvent({ workflowInstanceUuid: "x", eventName: "Touch", idempotencyKey: "k" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdempotencyNotSupportedError);
    expect((error as Error).message).toBe(
      "An idempotency key requires a configured WorkflowIdempotencyStore",
    );

    const { runtime, persistence } = setup();
    const find = vi.spyOn(persistence.idempotencyStore!, "find");
    const instance = await runtime.createInstance({ workflowName: "payment" });
    await runtime.triggerEvent({ workflowInstanceUuid: instance.uuid, eventName: "Touch" });
    expect(find).not.toHaveBeenCalled();
  });
});
