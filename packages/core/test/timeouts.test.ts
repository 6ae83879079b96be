import { describe, expect, it } from "vitest";
import { InvalidArgumentError, type WorkflowDefinition } from "@duraflows/core";
import { SimulatedClock } from "@duraflows/core/testing";
import {
  collectingObserver,
  createFixture,
  recordingCommand,
  recordingGuard,
} from "./support/runtime-fixture.js";

const HOUR = 3_600_000;

const ticket: WorkflowDefinition = {
  name: "ticket",
  initialState: "open",
  states: {
    open: {
      events: {
        Expire: {
          targetState: "expired",
          errorState: "stuck",
          commands: [{ name: "expire" }],
          timeout: { afterHours: 1 },
        },
        Park: { targetState: "parkedManually" },
      },
    },
    guardedWait: {
      events: {
        Escalate: { guard: { name: "allowed" }, targetState: "expired", timeout: { afterMinutes: 30 } },
      },
    },
    expired: {},
    stuck: {},
    parkedManually: { events: { Reopen: { targetState: "open" } } },
  },
};

function setup(
  options: { expire?: ReturnType<typeof recordingCommand>; allow?: boolean; clock?: SimulatedClock } = {},
) {
  const expire = options.expire ?? recordingCommand();
  const guard = recordingGuard(options.allow ?? false);
  const observer = collectingObserver();
  const fixture = createFixture({
    definitions: [ticket],
    commands: { expire },
    guards: { allowed: guard },
    runtime: { observers: [observer] },
    clock: options.clock,
  });
  return { ...fixture, expire, observer };
}

describe("processExpiredWorkflows", () => {
  it("fires due timeout events with source timeout metadata, no subject, and counts them", async () => {
    const { runtime, clock, expire } = setup();
    const a = await runtime.createInstance({ workflowName: "ticket" });
    expect(a.expiresAt).toEqual(new Date(clock.now().getTime() + HOUR));
    clock.advance(HOUR + 1);
    const result = await runtime.processExpiredWorkflows();
    expect(result).toEqual({ processed: 1, rejected: 0, businessFailed: [], failed: [], parked: [] });
    expect(expire.calls[0].subject).toBeUndefined();
    expect(expire.calls[0].ctx.triggerMetadata).toEqual({ source: "timeout" });
    expect(Object.isFrozen(expire.calls[0].ctx.triggerMetadata)).toBe(true);
    const [row] = await runtime.getHistory(a.uuid);
    expect(row).toMatchObject({
      eventName: "Expire",
      toState: "expired",
      triggerMetadata: { source: "timeout" },
    });
    expect((await runtime.getInstance(a.uuid))?.expiresAt).toBeNull();
  });

  it("reports routed failures in businessFailed with the final state", async () => {
    const { runtime, clock } = setup({ expire: recordingCommand({ ok: false, code: "LATE" }) });
    const a = await runtime.createInstance({ workflowName: "ticket" });
    clock.advance(HOUR + 1);
    const result = await runtime.processExpiredWorkflows();
    expect(result.processed).toBe(1);
    expect(result.businessFailed).toEqual([{ uuid: a.uuid, finalState: "stuck" }]);
  });

  it("scans strictly before now: an instance expiring exactly now waits for the next sweep", async () => {
    const { runtime, clock } = setup();
    await runtime.createInstance({ workflowName: "ticket" });
    clock.advance(HOUR);
    expect((await runtime.processExpiredWorkflows()).processed).toBe(0);
    clock.advance(1);
    expect((await runtime.processExpiredWorkflows()).processed).toBe(1);
  });

  it("re-checks inclusively (expiresAt <= fresh now) inside the instance transaction", async () => {
    const start = new Date("2030-01-01T00:00:00.000Z");
    const clock = new SimulatedClock(start);
    const { runtime } = setup({ clock });
    await runtime.createInstance({ workflowName: "ticket" });
    const deadline = start.getTime() + HOUR;
    // The scan sees deadline+1; every later clock read (the re-check) sees exactly the deadline.
    let reads = 0;
    clock.now = () => new Date(reads++ === 0 ? deadline + 1 : deadline);
    expect((await runtime.processExpiredWorkflows()).processed).toBe(1);
  });

  it("skips instances that stopped being due after the scan; events fire per instance after its own commit", async () => {
    const { runtime, clock, observer } = setup();
    const first = await runtime.createInstance({ workflowName: "ticket" });
    clock.advance(1);
    const second = await runtime.createInstance({ workflowName: "ticket" });
    const seenSecondState: string[] = [];
    runtime.addObserver({
      name: "meddler",
      onEnter: async (event) => {
        if (event.instanceUuid !== first.uuid || event.triggerEvent !== "Expire") return;
        seenSecondState.push((await runtime.getInstance(second.uuid))!.currentState);
        await runtime.triggerEvent({ workflowInstanceUuid: second.uuid, eventName: "Park" });
      },
    });
    clock.advance(HOUR + 1);
    const result = await runtime.processExpiredWorkflows();
    expect(seenSecondState).toEqual(["open"]);
    expect(result).toEqual({ processed: 1, rejected: 0, businessFailed: [], failed: [], parked: [] });
    expect((await runtime.getInstance(second.uuid))?.currentState).toBe("parkedManually");
    expect(observer.events.filter((e) => e.triggerEvent === "Expire").map((e) => e.instanceUuid)).toEqual([
      first.uuid,
    ]);
  });

  it("a guard-rejected timeout clears the deadline and retry state, bumps the version and fires nothing", async () => {
    const { runtime, clock, persistence, observer } = setup({ allow: false });
    const created = await runtime.createInstance({ workflowName: "ticket" });
    const waiting = {
      ...created,
      currentState: "guardedWait",
      version: 1,
      expiresAt: new Date(clock.now().getTime() + 60_000),
    };
    waiting.timeoutRetry = { attempts: 2, lastError: "x", retryAt: null, parkedAt: null };
    waiting.expiresAt = new Date(clock.now().getTime() + 60_000);
    await persistence.transactionRunner.runInTransaction(() => persistence.instanceStore.update(waiting));
    observer.events.length = 0;
    clock.advance(120_000);
    const result = await runtime.processExpiredWorkflows();
    expect(result).toEqual({ processed: 0, rejected: 1, businessFailed: [], failed: [], parked: [] });
    const after = (await runtime.getInstance(created.uuid))!;
    expect(after).toMatchObject({
      currentState: "guardedWait",
      version: 2,
      expiresAt: null,
      timeoutRetry: null,
    });
    expect(after.lastTransitionAt).toEqual(clock.now());
    const [row] = await runtime.getHistory(created.uuid);
    expect(row).toMatchObject({
      eventName: "Escalate",
      outcome: "guard-rejected",
      rejectedBy: "allowed",
      toState: "guardedWait",
      triggerMetadata: { source: "timeout" },
    });
    expect(observer.events).toEqual([]);
  });

  it("clears a deadline whose state has no timeout event, without counting it", async () => {
    const { runtime, clock, persistence } = setup();
    const created = await runtime.createInstance({ workflowName: "ticket" });
    await runtime.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "Park" });
    const parked = (await runtime.getInstance(created.uuid))!;
    await persistence.transactionRunner.runInTransaction(() =>
      persistence.instanceStore.update({ ...parked, version: parked.version + 1, expiresAt: clock.now() }),
    );
    clock.advance(1);
    const result = await runtime.processExpiredWorkflows();
    expect(result).toEqual({ processed: 0, rejected: 0, businessFailed: [], failed: [], parked: [] });
    const after = (await runtime.getInstance(created.uuid))!;
    expect(after).toMatchObject({ expiresAt: null, timeoutRetry: null, version: parked.version + 2 });
    expect(after.lastTransitionAt).toEqual(parked.lastTransitionAt);
    expect(await runtime.getHistory(created.uuid)).toHaveLength(1);
  });

  it("respects and validates the limit", async () => {
    const { runtime, clock } = setup();
    for (let i = 0; i < 3; i++) await runtime.createInstance({ workflowName: "ticket" });
    clock.advance(HOUR + 1);
    await expect(runtime.processExpiredWorkflows({ limit: 0 })).rejects.toThrow(
      new InvalidArgumentError("limit must be a positive integer, got 0"),
    );
    expect((await runtime.processExpiredWorkflows({ limit: 2 })).processed).toBe(2);
    expect((await runtime.processExpiredWorkflows()).processed).toBe(1);
  });
});

describe("SimulatedClock", () => {
  it("moves only when told to and returns fresh dates", () => {
    const clock = new SimulatedClock(new Date("2030-01-01T00:00:00.000Z"));
    const first = clock.now();
    first.setTime(0);
    expect(clock.now().toISOString()).toBe("2030-01-01T00:00:00.000Z");
    clock.advanceDays(14);
    clock.advanceHours(1);
    clock.advanceMinutes(2);
    clock.advance(3);
    expect(clock.now().toISOString()).toBe("2030-01-15T01:02:00.003Z");
    clock.set(new Date("2029-12-31T00:00:00.000Z"));
    expect(clock.now().toISOString()).toBe("2029-12-31T00:00:00.000Z");
    expect(new SimulatedClock().now().toISOString()).toBe("2030-01-01T00:00:00.000Z");
  });
});
