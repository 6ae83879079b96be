import { describe, expect, it } from "vitest";
import {
  InvalidArgumentError,
  startWorker,
  type StateEnterEvent,
  type WorkflowDefinition,
  type WorkflowObserver,
  type WorkflowWakeSignal,
} from "@duraflows/core";
import {
  InMemoryOutboxStore,
  InMemoryTransactionRunner,
  runOutboxStoreConformance,
} from "@duraflows/core/testing";
import { createFixture } from "./support/runtime-fixture.js";

const flow: WorkflowDefinition = {
  name: "order",
  initialState: "draft",
  states: {
    draft: {
      events: {
        Submit: { targetState: "submitted" },
        Boom: { targetState: "submitted", commands: [{ name: "explode" }] },
      },
    },
    submitted: { events: { Pay: { targetState: "paid" } } },
    paid: {},
  },
};

const explode = {
  execute: () => {
    throw new Error("explode");
  },
};

function recorder(name: string, delivery?: "outbox" | "after-commit") {
  const events: StateEnterEvent[] = [];
  const observer: WorkflowObserver = {
    name,
    ...(delivery ? { delivery } : {}),
    onEnter: (event) => void events.push(event),
  };
  return { observer, events };
}

function outboxFixture(observers: WorkflowObserver[], outbox = {}) {
  return createFixture({
    definitions: [flow],
    commands: { explode },
    persistence: { outbox: true },
    runtime: { observers, outbox },
  });
}

runOutboxStoreConformance("in-memory", {
  async setup() {
    const transactionRunner = new InMemoryTransactionRunner();
    return {
      store: new InMemoryOutboxStore(transactionRunner),
      transactionRunner,
      teardown: async () => undefined,
    };
  },
});

describe("outbox delivery", () => {
  it("writes outbox events in the transaction and delivers them only through the relay, with a stable id", async () => {
    const audit = recorder("audit", "outbox");
    const live = recorder("live");
    const { runtime } = outboxFixture([audit.observer, live.observer]);
    const order = await runtime.createInstance({ workflowName: "order", context: { n: 1 } });
    await runtime.getHandle(order.uuid).triggerEvent("Submit");
    expect(live.events.map((e) => e.toState)).toEqual(["draft", "submitted"]);
    expect(audit.events).toEqual([]);
    const rows = await runtime.listOutbox();
    expect(rows.map((row) => [row.observerName, row.event.toState, row.status])).toEqual([
      ["audit", "draft", "pending"],
      ["audit", "submitted", "pending"],
    ]);
    // One relay pass takes one row per instance and observer: order is kept.
    expect(await runtime.relayOutbox()).toEqual({ claimed: 1, delivered: 1, retried: 0, parked: 0 });
    await runtime.relayOutbox();
    expect(audit.events.map((e) => e.toState)).toEqual(["draft", "submitted"]);
    expect(audit.events.map((e) => e.eventId)).toEqual(rows.map((row) => row.uuid));
    expect(audit.events[1]).toMatchObject({ ...live.events[1], eventId: rows[1]!.uuid });
    expect(audit.events[1]!.occurredAt).toBeInstanceOf(Date);
    expect(Object.isFrozen(audit.events[1]!.context)).toBe(true);
    expect((await runtime.listOutbox({ status: "delivered" })).length).toBe(2);
  });

  it("writes nothing when the transition rolls back", async () => {
    const audit = recorder("audit", "outbox");
    const { runtime } = outboxFixture([audit.observer]);
    const order = await runtime.createInstance({ workflowName: "order" });
    await runtime.relayOutbox();
    await expect(runtime.getHandle(order.uuid).triggerEvent("Boom")).rejects.toThrow("explode");
    const states = (await runtime.listOutbox()).map((row) => row.event.toState);
    expect(states).not.toContain("submitted");
  });

  it("makes every observer an outbox observer with observerDelivery, unless it opts out", async () => {
    const audit = recorder("audit");
    const live = recorder("live", "after-commit");
    const { runtime } = outboxFixture([audit.observer, live.observer]);
    expect(live.events).toEqual([]);
    const fixture = createFixture({
      definitions: [flow],
      persistence: { outbox: true },
      runtime: { observers: [audit.observer, live.observer], observerDelivery: "outbox" },
    });
    await fixture.runtime.createInstance({ workflowName: "order" });
    expect(live.events).toHaveLength(1);
    expect((await fixture.runtime.listOutbox()).map((row) => row.observerName)).toEqual(["audit"]);
    await runtime.relayOutbox();
  });

  it("retries a failing observer with backoff and parks it, while another observer keeps flowing", async () => {
    let calls = 0;
    const flaky: WorkflowObserver = {
      name: "flaky",
      delivery: "outbox",
      onEnter: () => {
        calls++;
        throw new Error(`down ${calls}`);
      },
    };
    const audit = recorder("audit", "outbox");
    const { runtime, clock } = outboxFixture([flaky, audit.observer], {
      maxAttempts: 3,
      initialDelayMs: 1_000,
      maxDelayMs: 10_000,
    });
    const order = await runtime.createInstance({ workflowName: "order" });
    await runtime.getHandle(order.uuid).triggerEvent("Submit");
    expect(await runtime.relayOutbox()).toMatchObject({ claimed: 2, delivered: 1, retried: 1 });
    // Not due before its backoff; the healthy observer's next event flows meanwhile.
    expect(await runtime.relayOutbox()).toMatchObject({ claimed: 1, delivered: 1 });
    expect(audit.events.map((e) => e.toState)).toEqual(["draft", "submitted"]);
    expect(await runtime.relayOutbox()).toMatchObject({ claimed: 0 });
    clock.advance(1_000);
    expect(await runtime.relayOutbox()).toMatchObject({ claimed: 1, retried: 1 });
    clock.advance(1_999);
    expect(await runtime.relayOutbox()).toMatchObject({ claimed: 0 });
    clock.advance(1);
    expect(await runtime.relayOutbox()).toMatchObject({ claimed: 1, parked: 1 });
    const [parked] = await runtime.listOutbox({ status: "parked" });
    expect(parked).toMatchObject({ observerName: "flaky", attempts: 3, lastError: "down 3" });
    expect(parked!.event.toState).toBe("draft");
    // The parked row no longer blocks the instance's next event for that observer.
    expect(await runtime.relayOutbox()).toMatchObject({ claimed: 1, parked: 0, retried: 1 });
  });

  it("re-delivers a parked row on request", async () => {
    let healthy = false;
    const seen: string[] = [];
    const flaky: WorkflowObserver = {
      name: "flaky",
      delivery: "outbox",
      onEnter: (event) => {
        if (!healthy) throw new Error("down");
        seen.push(event.eventId!);
      },
    };
    const { runtime } = outboxFixture([flaky], { maxAttempts: 1 });
    await runtime.createInstance({ workflowName: "order" });
    expect(await runtime.relayOutbox()).toMatchObject({ parked: 1 });
    const [parked] = await runtime.listOutbox({ status: "parked" });
    healthy = true;
    const again = await runtime.redeliverOutbox(parked!.uuid);
    expect(again).toMatchObject({ uuid: parked!.uuid, status: "pending", attempts: 0 });
    expect(await runtime.relayOutbox()).toMatchObject({ delivered: 1 });
    expect(seen).toEqual([parked!.uuid]);
    await expect(runtime.redeliverOutbox("00000000-0000-4000-8000-000000000000")).rejects.toThrow(
      "Outbox record 00000000-0000-4000-8000-000000000000 not found",
    );
  });

  it("prunes delivered rows older than the cut-off", async () => {
    const audit = recorder("audit", "outbox");
    const { runtime, clock } = outboxFixture([audit.observer]);
    await runtime.createInstance({ workflowName: "order" });
    await runtime.relayOutbox();
    clock.advance(5_000);
    expect(await runtime.pruneOutbox({ deliveredBefore: new Date(clock.now().getTime() - 10_000) })).toEqual({
      deleted: 0,
    });
    expect(await runtime.pruneOutbox({ deliveredBefore: clock.now() })).toEqual({ deleted: 1 });
  });

  it("refuses outbox delivery without an outbox store, and relay calls without one", async () => {
    const audit = recorder("audit", "outbox");
    expect(() => createFixture({ definitions: [flow], runtime: { observers: [audit.observer] } })).toThrow(
      InvalidArgumentError,
    );
    const { runtime } = createFixture({ definitions: [flow] });
    expect(() => runtime.addObserver(audit.observer)).toThrow(/needs an outboxStore/);
    await expect(runtime.relayOutbox()).rejects.toThrow(/outbox store/);
    expect(() =>
      createFixture({ definitions: [flow], runtime: { observerDelivery: "later" as never } }),
    ).toThrow(/observerDelivery must be/);
  });

  it("runs the relay in startWorker and wakes it at once on a signal", async () => {
    const audit = recorder("audit", "outbox");
    const { runtime } = outboxFixture([audit.observer]);
    let wake: ((signal: WorkflowWakeSignal) => void) | undefined;
    const worker = startWorker(runtime, {
      outbox: true,
      intervalMs: 3_600_000,
      wake: { subscribe: (listener) => ((wake = listener), () => (wake = undefined)) },
    });
    await worker.runOnce();
    await runtime.createInstance({ workflowName: "order" });
    expect(audit.events).toHaveLength(0);
    wake!({ kind: "outbox" });
    await expect.poll(() => audit.events.length, { timeout: 2_000 }).toBe(1);
    await worker.stop();
    expect(wake).toBeUndefined();
  });
});
