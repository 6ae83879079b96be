import { afterEach, describe, expect, it, vi } from "vitest";
import {
  InvalidArgumentError,
  WorkflowInstanceNotFoundError,
  type WorkflowDefinition,
  type WorkflowInstanceStore,
} from "@duraflows/core";
import { createFixture } from "./support/runtime-fixture.js";

const MINUTE = 60_000;

const reminder: WorkflowDefinition = {
  name: "reminder",
  initialState: "waiting",
  states: {
    waiting: {
      events: {
        Remind: {
          targetState: "reminded",
          commands: [{ name: "sendReminder" }],
          timeout: { afterMinutes: 10 },
        },
        Cancel: { targetState: "cancelled" },
      },
    },
    reminded: {},
    cancelled: {},
  },
};

/** A command failing (throwing) `failures` times, then succeeding. */
function flakyCommand(failures: number) {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    execute() {
      calls++;
      if (calls <= failures) throw new Error(`smtp down (attempt ${calls})`);
      return { ok: true };
    },
  };
}

function setup(
  failures: number,
  extra: { instanceStore?: (inner: WorkflowInstanceStore) => WorkflowInstanceStore } = {},
) {
  const command = flakyCommand(failures);
  const base = createFixture({ definitions: [reminder], commands: { sendReminder: command } });
  const fixture = createFixture({
    definitions: [reminder],
    commands: { sendReminder: command },
    runtime: {
      timeoutRetry: { initialDelayMs: MINUTE, maxDelayMs: 3 * MINUTE, maxAttempts: 3 },
      ...(extra.instanceStore ? { instanceStore: extra.instanceStore(base.persistence.instanceStore) } : {}),
      ...(extra.instanceStore
        ? {
            transactionRunner: base.persistence.transactionRunner,
            historyStore: base.persistence.historyStore,
          }
        : {}),
    },
    clock: base.clock,
  });
  return { ...fixture, command };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("timeout retry and parking", () => {
  it("retries a failing timeout with the configured backoff and succeeds on the third sweep", async () => {
    const { runtime, clock, command } = setup(2);
    const created = await runtime.createInstance({ workflowName: "reminder" });
    clock.advanceMinutes(11);

    const first = await runtime.processExpiredWorkflows();
    const firstRetryAt = new Date(clock.now().getTime() + MINUTE);
    expect(first).toEqual({
      processed: 0,
      rejected: 0,
      businessFailed: [],
      failed: [{ uuid: created.uuid, error: "smtp down (attempt 1)", attempts: 1, retryAt: firstRetryAt }],
      parked: [],
    });
    expect((await runtime.getInstance(created.uuid))?.timeoutRetry).toEqual({
      attempts: 1,
      lastError: "smtp down (attempt 1)",
      retryAt: firstRetryAt,
      parkedAt: null,
    });
    expect(await runtime.getHistory(created.uuid)).toEqual([]);

    // Not due before retryAt.
    expect(await runtime.processExpiredWorkflows()).toMatchObject({ processed: 0, failed: [] });
    expect(command.calls).toBe(1);

    clock.advance(MINUTE + 1);
    const second = await runtime.processExpiredWorkflows();
    expect(second.failed).toEqual([
      {
        uuid: created.uuid,
        error: "smtp down (attempt 2)",
        attempts: 2,
        retryAt: new Date(clock.now().getTime() + 2 * MINUTE),
      },
    ]);

    clock.advance(2 * MINUTE + 1);
    const third = await runtime.processExpiredWorkflows();
    expect(third).toEqual({ processed: 1, rejected: 0, businessFailed: [], failed: [], parked: [] });
    const after = (await runtime.getInstance(created.uuid))!;
    expect(after).toMatchObject({ currentState: "reminded", timeoutRetry: null });
    expect((await runtime.getHistory(created.uuid)).map((r) => r.eventName)).toEqual(["Remind"]);
  });

  it("parks after maxAttempts, lists parked timeouts and re-arms them", async () => {
    const { runtime, clock } = setup(Number.POSITIVE_INFINITY);
    const created = await runtime.createInstance({ workflowName: "reminder" });
    clock.advanceMinutes(11);
    await runtime.processExpiredWorkflows();
    clock.advance(MINUTE + 1);
    await runtime.processExpiredWorkflows();
    clock.advance(2 * MINUTE + 1);
    const third = await runtime.processExpiredWorkflows();
    expect(third.failed).toEqual([
      { uuid: created.uuid, error: "smtp down (attempt 3)", attempts: 3, retryAt: null },
    ]);
    expect(third.parked).toEqual([{ uuid: created.uuid, error: "smtp down (attempt 3)" }]);

    const parked = await runtime.findParkedTimeouts();
    expect(parked.map((i) => i.uuid)).toEqual([created.uuid]);
    expect(parked[0].timeoutRetry).toMatchObject({ attempts: 3, retryAt: null, parkedAt: clock.now() });
    expect(await runtime.findParkedTimeouts({ workflowName: "other" })).toEqual([]);
    await expect(runtime.findParkedTimeouts({ limit: -1 })).rejects.toThrow(
      new InvalidArgumentError("limit must be a positive integer, got -1"),
    );

    clock.advanceDays(1);
    expect(await runtime.processExpiredWorkflows()).toMatchObject({ processed: 0, failed: [] });

    const rearmed = await runtime.rearmTimeout(created.uuid);
    expect(rearmed.timeoutRetry).toBeNull();
    expect(rearmed.version).toBe(parked[0].version + 1);
    expect(await runtime.findParkedTimeouts()).toEqual([]);
    const again = await runtime.processExpiredWorkflows();
    expect(again.failed).toEqual([
      {
        uuid: created.uuid,
        error: "smtp down (attempt 4)",
        attempts: 1,
        retryAt: new Date(clock.now().getTime() + MINUTE),
      },
    ]);
  });

  it("rearmTimeout returns an instance without retry state unchanged and rejects unknown uuids", async () => {
    const { runtime } = setup(0);
    const created = await runtime.createInstance({ workflowName: "reminder" });
    expect(await runtime.rearmTimeout(created.uuid)).toEqual(created);
    expect(await runtime.getInstance(created.uuid)).toEqual(created);
    await expect(runtime.rearmTimeout("missing")).rejects.toBeInstanceOf(WorkflowInstanceNotFoundError);
  });

  it("a manual transition resets the retry state", async () => {
    const { runtime, clock } = setup(5);
    const created = await runtime.createInstance({ workflowName: "reminder" });
    clock.advanceMinutes(11);
    await runtime.processExpiredWorkflows();
    expect((await runtime.getInstance(created.uuid))?.timeoutRetry?.attempts).toBe(1);
    await runtime.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "Cancel" });
    expect((await runtime.getInstance(created.uuid))?.timeoutRetry).toBeNull();
  });

  it("records nothing when the row no longer matches what the scan read", async () => {
    let uuid = "";
    let locksAfterScan = -1;
    const { runtime, clock } = setup(5, {
      instanceStore: (inner) => ({
        ...bind(inner),
        async lockByUuid(id) {
          if (locksAfterScan >= 0 && id === uuid && ++locksAfterScan === 2) {
            // A concurrent writer changed the row between the failed attempt and the failure recording.
            const row = (await inner.findByUuid(id))!;
            await inner.update({ ...row, version: row.version + 1 });
          }
          return inner.lockByUuid(id);
        },
        async findExpired(limit, now, options) {
          const found = await inner.findExpired(limit, now, options);
          locksAfterScan = 0;
          return found;
        },
      }),
    });
    const created = await runtime.createInstance({ workflowName: "reminder" });
    uuid = created.uuid;
    clock.advanceMinutes(11);
    const result = await runtime.processExpiredWorkflows();
    expect(result.failed).toEqual([{ uuid: created.uuid, error: "smtp down (attempt 1)" }]);
    expect(result.parked).toEqual([]);
    const after = (await runtime.getInstance(created.uuid))!;
    expect(after.timeoutRetry).toBeNull();
    expect(after.version).toBe(created.version + 1);
  });

  it("warns and still reports the failure when recording it throws", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const { runtime, clock } = setup(5, {
      instanceStore: (inner) => ({
        ...bind(inner),
        async update(instance) {
          if (instance.timeoutRetry !== null) throw new Error("disk full");
          return inner.update(instance);
        },
      }),
    });
    const created = await runtime.createInstance({ workflowName: "reminder" });
    clock.advanceMinutes(11);
    const result = await runtime.processExpiredWorkflows();
    expect(result.failed).toEqual([{ uuid: created.uuid, error: "smtp down (attempt 1)" }]);
    expect(warn).toHaveBeenCalledWith(
      `[duraflows] could not record the timeout failure of instance "${created.uuid}": disk full`,
    );
  });
});

function bind(store: WorkflowInstanceStore): WorkflowInstanceStore {
  return {
    create: (i) => store.create(i),
    findByUuid: (u) => store.findByUuid(u),
    lockByUuid: (u) => store.lockByUuid(u),
    update: (i) => store.update(i),
    findExpired: (l, n, o) => store.findExpired(l, n, o),
    findParkedTimeouts: (i) => store.findParkedTimeouts(i),
    countInstances: (i) => store.countInstances(i),
    findInstanceUuids: (i) => store.findInstanceUuids!(i),
  };
}
