import { describe, expect, it, vi } from "vitest";
import type { WorkflowDefinition } from "../src/definition/types.js";
import { deterministicTransitionUuid } from "../src/durable/deterministic-transition-uuid.js";
import { WorkflowError } from "../src/errors/workflow-error.js";
import { createDurableHarness } from "./support/durable-harness.js";
import { orderWorkflow } from "./support/durable-workflows.js";

const INSTANCE_CHANGED = "Instance changed during durable execution";

/** `Go` enters `b`, whose onEnter command queues `Follow` on the same instance before the instance is saved. */
const selfEnqueueWorkflow: WorkflowDefinition = {
  name: "self",
  initialState: "a",
  states: {
    a: { events: { Go: { targetState: "b" }, Follow: { commands: [{ name: "follow" }] } } },
    b: {
      onEnter: { commands: [{ name: "queueFollowUp" }] },
      events: { Follow: { commands: [{ name: "follow" }] } },
    },
  },
};

const AMBIENT = "Durable workers require ambient-transaction detection and must run outside a transaction";

async function setup() {
  const h = createDurableHarness({ definitions: [orderWorkflow] });
  h.command("reserve", (_s, ctx) => {
    ctx.context.reserved = ctx.commandMetadata.warehouse;
    ctx.context.patched = "by-command";
    return { ok: true, code: "RESERVED" };
  });
  h.command("charge", (_s, ctx) => {
    ctx.context.charged = true;
    return { ok: true };
  });
  h.command("notify", (_s, ctx) => {
    ctx.context.stage = "written-by-onEnter";
    return { ok: true };
  });
  h.command("audit", (_s, ctx) => {
    ctx.context.stage = "audited";
    return { ok: true };
  });
  h.command("touch");
  const instance = await h.runtime.createInstance({ workflowName: "order", metadata: { tenant: "t" } });
  const uuid = instance.uuid;
  const enqueue = (eventName: string, key = eventName, extra: Record<string, unknown> = {}) =>
    h.runtime.enqueueEvent({ workflowInstanceUuid: uuid, eventName, idempotencyKey: key, ...extra });
  return { ...h, instance, uuid, enqueue };
}

describe("processPendingExecutions guards", () => {
  it("refuses to run inside a transaction or without ambient-transaction detection", async () => {
    const h = await setup();
    await expect(
      h.persistence.transactionRunner.runInTransaction(() => h.runtime.processPendingExecutions()),
    ).rejects.toThrow(new WorkflowError(AMBIENT));
    const runner = h.persistence.transactionRunner;
    const original = runner.isTransactionActive;
    (runner as { isTransactionActive?: unknown }).isTransactionActive = undefined;
    try {
      await expect(h.runtime.processPendingExecutions()).rejects.toThrow(AMBIENT);
    } finally {
      runner.isTransactionActive = original;
    }
  });

  it("validates the limit and honours it", async () => {
    const h = await setup();
    await expect(h.runtime.processPendingExecutions({ limit: 0 })).rejects.toThrow(
      "limit must be a positive integer, got 0",
    );
    await expect(h.runtime.processPendingExecutions({ limit: 1.5 })).rejects.toThrow(
      "limit must be a positive integer, got 1.5",
    );
    const other = await h.runtime.createInstance({ workflowName: "order" });
    await h.enqueue("Noop");
    await h.runtime.enqueueEvent({
      workflowInstanceUuid: other.uuid,
      eventName: "Noop",
      idempotencyKey: "k",
    });
    expect((await h.runtime.processPendingExecutions({ limit: 1 })).processed).toBe(1);
    expect((await h.runtime.processPendingExecutions({ limit: 1 })).processed).toBe(1);
    expect((await h.runtime.processPendingExecutions()).processed).toBe(0);
  });
});

describe("queued execution", () => {
  it("runs one command per claim and leaves the instance untouched until the whole event and chain finish", async () => {
    const h = await setup();
    const before = await h.runtime.getInstance(h.uuid);
    const observedBefore = h.observed.length;
    const execution = await h.enqueue("Ship", "k", { triggerMetadata: { user: "u1" } });
    const outcomes: string[] = [];
    for (let pass = 0; pass < 4; pass++) {
      const result = await h.runtime.processPendingExecutions();
      outcomes.push(result.completed.length > 0 ? "completed" : "progressed");
      expect(result.processed).toBe(1);
      if (pass < 3) {
        expect(result.progressed).toEqual([execution.uuid]);
        expect(await h.runtime.getInstance(h.uuid)).toEqual(before);
        expect(await h.runtime.getHistory(h.uuid)).toEqual([]);
        expect(h.observed).toHaveLength(observedBefore);
        expect((await h.runtime.getExecution(execution.uuid))!.status).toBe("pending");
      }
    }
    expect(outcomes).toEqual(["progressed", "progressed", "progressed", "completed"]);
    expect(h.calls.map((c) => c.name)).toEqual(["reserve", "charge", "notify", "audit"]);
    const done = (await h.runtime.getExecution(execution.uuid))!;
    expect(done.status).toBe("completed");
    expect(done.leaseToken).toBeNull();
    expect(done.leaseUntil).toBeNull();
    expect(done.journal.map((c) => [c.id, c.name, c.attempts])).toEqual([
      ["0", "reserve", 1],
      ["1", "charge", 1],
      ["2", "notify", 1],
      ["3", "audit", 1],
    ]);
    const instance = (await h.runtime.getInstance(h.uuid))!;
    expect(instance.currentState).toBe("notified");
    expect(instance.version).toBe(before!.version + 3);
    // State patch wins over event command writes; onEnter command writes win over the patch; the stay hop
    // does not re-apply the notified patch.
    expect(instance.context).toEqual({
      stage: "audited",
      patched: "by-state",
      reserved: "east",
      charged: true,
    });
    const history = await h.runtime.getHistory(h.uuid);
    expect(history.map((r) => [r.eventName, r.fromState, r.toState, r.outcome])).toEqual([
      ["onEnter", "notified", "notified", "success"],
      ["onEnter", "shipped", "notified", "success"],
      ["Ship", "new", "shipped", "success"],
    ]);
    expect(history[2].triggerMetadata).toEqual({ user: "u1" });
    expect(history[1].triggerMetadata).toEqual({ source: "onEnter" });
    expect(history[2].commandResultsJson).toEqual([{ ok: true, code: "RESERVED" }, { ok: true }]);
    expect(done.result).toEqual({
      outcome: "success",
      fromState: "new",
      toState: "notified",
      commandResults: [{ ok: true, code: "RESERVED" }, { ok: true }, { ok: true }, { ok: true }],
      historyUuid: expect.any(String),
    });
    const newest = await h.persistence.historyStore.findByInstanceUuid(h.uuid, { limit: 1 });
    expect(newest).toHaveLength(1);
  });

  it("lands exactly where the synchronous triggerEvent lands", async () => {
    const h = await setup();
    const twin = await h.runtime.createInstance({ workflowName: "order", metadata: { tenant: "t" } });
    const sync = await h.runtime.triggerEvent({ workflowInstanceUuid: twin.uuid, eventName: "Ship" });
    const execution = await h.enqueue("Ship");
    for (let pass = 0; pass < 4; pass++) await h.runtime.processPendingExecutions();
    const queued = (await h.runtime.getExecution(execution.uuid))!.result!;
    expect({ ...queued, historyUuid: undefined }).toEqual({ ...sync, historyUuid: undefined });
    const [a, b] = [await h.runtime.getInstance(h.uuid), await h.runtime.getInstance(twin.uuid)];
    expect([a!.currentState, a!.version, a!.context]).toEqual([b!.currentState, b!.version, b!.context]);
    const strip = (rows: Awaited<ReturnType<typeof h.runtime.getHistory>>) =>
      rows.map(({ uuid: _r, workflowInstanceUuid: _u, createdAt: _c, ...rest }) => rest);
    expect(strip(await h.runtime.getHistory(h.uuid))).toEqual(strip(await h.runtime.getHistory(twin.uuid)));
  });

  it("uses deterministic transition uuids, acceptance time and journal positions in every context", async () => {
    const h = await setup();
    h.clock.advance(500);
    const execution = await h.enqueue("Ship");
    const createdAt = execution.createdAt;
    for (let pass = 0; pass < 4; pass++) {
      h.clock.advance(1000);
      await h.runtime.processPendingExecutions();
    }
    const hop = (n: number) => deterministicTransitionUuid(execution.uuid, n);
    expect(
      h.calls.map((c) => [
        c.name,
        c.ctx.transitionUuid,
        c.ctx.fromState,
        c.ctx.toState,
        c.ctx.now.toISOString(),
      ]),
    ).toEqual([
      ["reserve", hop(0), "new", "shipped", createdAt],
      ["charge", hop(0), "new", "shipped", createdAt],
      ["notify", hop(0), "new", "shipped", createdAt],
      ["audit", hop(1), "shipped", "notified", createdAt],
    ]);
    expect(h.calls.map((c) => ({ ...c.ctx.durable, heartbeat: undefined }))).toEqual(
      ["0", "1", "2", "3"].map((commandId) => ({
        executionUuid: execution.uuid,
        commandId,
        idempotencyKey: `${execution.uuid}:${commandId}`,
        attempt: 1,
        heartbeat: undefined,
      })),
    );
    expect(h.calls[0].ctx.commandMetadata).toEqual({ warehouse: "east" });
    expect(Object.isFrozen(h.calls[0].ctx.metadata)).toBe(true);
    expect(h.calls[0].ctx.metadata).toEqual({ tenant: "t" });
    const entries = h.observed.slice(-3);
    expect(entries.map((e) => [e.triggerEvent, e.fromState, e.toState, e.transitionUuid])).toEqual([
      ["Ship", "new", "shipped", hop(0)],
      ["onEnter", "shipped", "notified", hop(1)],
      ["onEnter", "notified", "notified", hop(1)],
    ]);
  });

  it("hands commands a frozen JSON copy of the subject, undefined when omitted", async () => {
    const h = await setup();
    await h.enqueue("Poke", "with", { subject: { items: [1] } });
    await h.runtime.processPendingExecutions();
    await h.runtime.processPendingExecutions();
    await h.enqueue("Poke", "without");
    await h.runtime.processPendingExecutions();
    const [withSubject, withoutSubject] = h.callsOf("touch");
    expect(withSubject.subject).toEqual({ items: [1] });
    expect(Object.isFrozen(withSubject.subject)).toBe(true);
    expect(Object.isFrozen((withSubject.subject as { items: unknown[] }).items)).toBe(true);
    expect(withoutSubject.subject).toBeUndefined();
  });

  it("completes an event without commands in a single claim", async () => {
    const h = await setup();
    const execution = await h.enqueue("Noop");
    const result = await h.runtime.processPendingExecutions();
    expect(result).toEqual({
      processed: 1,
      completed: [execution.uuid],
      progressed: [],
      retrying: [],
      parked: [],
      skipped: [],
      failed: [],
    });
    expect((await h.runtime.getInstance(h.uuid))!.currentState).toBe("failed");
  });

  it("re-applies the state patch and runs the chain again for a command-only event", async () => {
    const h = await setup();
    h.commandRegistry.get("touch");
    await h.enqueue("Poke");
    await h.runtime.processPendingExecutions();
    const instance = (await h.runtime.getInstance(h.uuid))!;
    expect(instance.currentState).toBe("new");
    expect(instance.version).toBe(1);
    const [row] = await h.runtime.getHistory(h.uuid);
    expect([row.eventName, row.fromState, row.toState]).toEqual(["Poke", "new", "new"]);
  });

  it("routes a mandatory ok:false to the errorState with outcome failure", async () => {
    const h = await setup();
    h.behave("charge", () => ({ ok: false, code: "DECLINED" }));
    const execution = await h.enqueue("Ship");
    await h.runtime.processPendingExecutions();
    const result = await h.runtime.processPendingExecutions();
    expect(result.completed).toEqual([execution.uuid]);
    const done = (await h.runtime.getExecution(execution.uuid))!;
    expect(done.result).toMatchObject({ outcome: "failure", fromState: "new", toState: "failed" });
    const [row] = await h.runtime.getHistory(h.uuid);
    expect(row).toMatchObject({
      eventName: "Ship",
      toState: "failed",
      outcome: "failure",
      errorMessage: "DECLINED",
    });
    expect(h.callsOf("notify")).toHaveLength(0);
  });

  it("parks after checkpointing a mandatory ok:false without an error route", async () => {
    const h = await setup();
    h.behave("charge", () => ({ ok: false, message: "card declined" }));
    const execution = await h.enqueue("Strict");
    const result = await h.runtime.processPendingExecutions();
    expect(result.parked).toEqual([execution.uuid]);
    const parked = (await h.runtime.getExecution(execution.uuid))!;
    expect(parked.status).toBe("parked");
    expect(parked.journal).toHaveLength(1);
    expect(parked.journal[0].result).toEqual({ ok: false, message: "card declined" });
    expect(parked.lastError).toBe(
      `Command "charge" failed for event "Strict" on instance "${h.uuid}": card declined`,
    );
    expect(parked.leaseToken).toBeNull();
    expect((await h.runtime.getInstance(h.uuid))!.version).toBe(0);
    expect(await h.runtime.getHistory(h.uuid)).toEqual([]);
  });

  it("parks when the onEnter chain exceeds the captured depth", async () => {
    const h = createDurableHarness({
      maxOnEnterDepth: 1,
      definitions: [
        {
          name: "deep",
          initialState: "a",
          states: {
            a: { events: { Go: { targetState: "b", commands: [{ name: "step" }] } } },
            b: { onEnter: { targetState: "c" } },
            c: { onEnter: { targetState: "d" } },
            d: {},
          },
        },
      ],
    });
    h.command("step");
    const { uuid } = await h.runtime.createInstance({ workflowName: "deep" });
    const execution = await h.runtime.enqueueEvent({
      workflowInstanceUuid: uuid,
      eventName: "Go",
      idempotencyKey: "k",
    });
    expect(execution.maxOnEnterDepth).toBe(1);
    const result = await h.runtime.processPendingExecutions();
    expect(result.parked).toEqual([execution.uuid]);
    expect((await h.runtime.getExecution(execution.uuid))!.lastError).toBe(
      `onEnter chain exceeded maximum depth of 1 at state "c" for instance "${uuid}"`,
    );
  });
});

describe("bookkeeping", () => {
  it("increments the revision and stamps updatedAt on every save", async () => {
    const h = await setup();
    const execution = await h.enqueue("Poke");
    expect(execution.revision).toBe(0);
    const seen: [number, string][] = [];
    h.behave("touch", async () => {
      const running = (await h.runtime.getExecution(execution.uuid))!;
      seen.push([running.revision, running.updatedAt]);
      return { ok: true };
    });
    h.clock.advance(1000);
    await h.runtime.processPendingExecutions();
    const done = (await h.runtime.getExecution(execution.uuid))!;
    const at = h.clock.now().toISOString();
    expect(seen).toEqual([[1, at]]);
    expect([done.revision, done.updatedAt, done.status]).toEqual([2, at, "completed"]);
    expect(done.journal[0].completedAt).toBe(at);
  });

  it("parks the execution for good when the instance changed behind its back", async () => {
    const h = await setup();
    const execution = await h.enqueue("Poke");
    await bumpInstance(h, h.uuid);
    h.clock.advance(1000);
    const result = await h.runtime.processPendingExecutions();
    expect(result).toMatchObject({
      processed: 0,
      parked: [],
      failed: [{ uuid: execution.uuid, error: INSTANCE_CHANGED }],
    });
    expect(await h.runtime.getExecution(execution.uuid)).toEqual({
      ...execution,
      status: "parked",
      attempts: 1,
      lastError: INSTANCE_CHANGED,
      revision: 1,
      updatedAt: h.clock.now().toISOString(),
    });
    expect(h.callsOf("touch")).toHaveLength(0);
    // Out of the queue: the next pass does not see it again.
    expect(await h.runtime.processPendingExecutions()).toMatchObject({ processed: 0, failed: [] });
    // It keeps the instance occupied until cancelled; then the instance takes work again.
    await expect(h.enqueue("Poke", "again")).rejects.toThrow("has an active durable execution");
    await h.runtime.cancelExecution(execution.uuid);
    const again = await h.enqueue("Poke", "again");
    expect((await h.runtime.processPendingExecutions()).completed).toEqual([again.uuid]);
  });
});

/** Moves the instance's version on behind any execution's back (what only a foreign writer can do). */
async function bumpInstance(h: Awaited<ReturnType<typeof setup>>, uuid: string): Promise<void> {
  await h.persistence.transactionRunner.runInTransaction(async () => {
    const instance = (await h.persistence.instanceStore.lockByUuid(uuid))!;
    await h.persistence.instanceStore.update({ ...instance, version: instance.version + 1 });
  });
}

describe("executions that can no longer run", () => {
  it("never starve the healthy work queued behind them", async () => {
    const h = await setup();
    const poisoned: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { uuid } = await h.runtime.createInstance({ workflowName: "order" });
      const execution = await h.runtime.enqueueEvent({
        workflowInstanceUuid: uuid,
        eventName: "Poke",
        idempotencyKey: "k",
      });
      await bumpInstance(h, uuid);
      poisoned.push(execution.uuid);
      h.clock.advance(1);
    }
    const healthy = await h.enqueue("Poke");
    const first = await h.runtime.processPendingExecutions({ limit: 3 });
    expect(first.failed.map((f) => f.uuid).sort()).toEqual([...poisoned].sort());
    const second = await h.runtime.processPendingExecutions({ limit: 3 });
    expect(second).toMatchObject({ completed: [healthy.uuid], failed: [] });
    for (const uuid of poisoned) {
      expect(await h.runtime.getExecution(uuid)).toMatchObject({
        status: "parked",
        lastError: INSTANCE_CHANGED,
      });
    }
  });

  it("is parked when an onEnter command enqueued it on its own instance", async () => {
    const h = createDurableHarness({ definitions: [selfEnqueueWorkflow] });
    let uuid = "";
    let queued = "";
    h.command("queueFollowUp", async () => {
      queued = (
        await h.runtime.enqueueEvent({ workflowInstanceUuid: uuid, eventName: "Follow", idempotencyKey: "f" })
      ).uuid;
      return { ok: true };
    });
    h.command("follow");
    uuid = (await h.runtime.createInstance({ workflowName: "self" })).uuid;
    await h.runtime.triggerEvent({ workflowInstanceUuid: uuid, eventName: "Go" });
    expect(queued).not.toBe("");
    const pass = await h.runtime.processPendingExecutions();
    expect(pass).toMatchObject({ processed: 0, failed: [{ uuid: queued, error: INSTANCE_CHANGED }] });
    expect(await h.runtime.getExecution(queued)).toMatchObject({
      status: "parked",
      lastError: INSTANCE_CHANGED,
    });
    expect(h.callsOf("follow")).toHaveLength(0);
  });

  it("reports an instance changed during a non-transactional command under failed, journal empty", async () => {
    const h = await setup();
    const execution = await h.enqueue("Poke");
    h.behave("touch", async () => {
      await bumpInstance(h, h.uuid);
      return { ok: true };
    });
    const pass = await h.runtime.processPendingExecutions();
    expect(pass).toMatchObject({
      processed: 1,
      retrying: [],
      parked: [],
      failed: [{ uuid: execution.uuid, error: INSTANCE_CHANGED }],
    });
    expect(await h.runtime.getExecution(execution.uuid)).toMatchObject({
      status: "parked",
      journal: [],
      lastError: INSTANCE_CHANGED,
      leaseToken: null,
    });
    h.clock.advance(3_600_000);
    expect(await h.runtime.processPendingExecutions()).toMatchObject({ processed: 0, failed: [] });
    expect(h.callsOf("touch")).toHaveLength(1);
  });

  it("reports the save error when recording a retry fails", async () => {
    const h = await setup();
    const execution = await h.enqueue("Poke");
    h.behave("touch", () => {
      throw new Error("command broke");
    });
    const store = h.executionStore;
    const update = store.update.bind(store);
    let saves = 0;
    vi.spyOn(store, "update").mockImplementation(async (record) => {
      // The batch claim saves the lease itself, so the first save through update records the retry.
      if (++saves === 1) throw new Error("database unavailable");
      return update(record);
    });
    const pass = await h.runtime.processPendingExecutions();
    expect(pass).toMatchObject({
      retrying: [],
      failed: [{ uuid: execution.uuid, error: "database unavailable" }],
    });
  });
});
