import { randomUUID } from "node:crypto";
import type { NewWorkflowOutboxRecord, WorkflowObserver } from "@duraflows/core";
import { PgTransactionRunner, PgWorkflowOutboxStore } from "@duraflows/pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordFigures } from "../support/figures.js";
import { forkWorker } from "../support/fork-worker.js";
import { createReliabilityDatabase, type ReliabilityDatabase } from "../support/pg-database.js";
import { createPgRuntime } from "../support/pg-runtime.js";
import { outboxFlow, type OutboxDelivery, type OutboxWorkerStart } from "../support/outbox-flow.js";

// Scale with OUTBOX_RELIABILITY_EVENTS (default 10,000 events over 100 instances, 4 relay processes).
const EVENTS = Number(process.env.OUTBOX_RELIABILITY_EVENTS ?? 10_000);
const INSTANCES = 100;
const RELAYS = 4;

function rowsFor(instances: string[], total: number): NewWorkflowOutboxRecord[] {
  const rows: NewWorkflowOutboxRecord[] = [];
  const now = new Date();
  for (let i = 0; i < total; i++) {
    const instance = instances[i % instances.length]!;
    const step = Math.floor(i / instances.length);
    rows.push({
      uuid: randomUUID(),
      observerName: "ledger",
      workflowName: outboxFlow.name,
      workflowInstanceUuid: instance,
      event: {
        workflowName: outboxFlow.name,
        instanceUuid: instance,
        state: "open",
        fromState: "open",
        toState: "open",
        transitionUuid: randomUUID(),
        triggerEvent: "Step",
        context: { step },
        metadata: {},
        triggerMetadata: {},
        occurredAt: now,
      },
      createdAt: now,
    });
  }
  return rows;
}

describe("load: parallel outbox relays", () => {
  let db: ReliabilityDatabase;

  beforeAll(async () => {
    db = await createReliabilityDatabase("stress-outbox-relays");
  });
  afterAll(async () => {
    await db?.database.drop();
  });

  it(`${RELAYS} relay processes × ${EVENTS} events: each delivered at least once, none lost, order per instance kept`, async () => {
    const instances = Array.from({ length: INSTANCES }, () => randomUUID());
    const rows = rowsFor(instances, EVENTS);
    // Written through the adapter's own append (the statement a transition uses), in batches.
    const store = new PgWorkflowOutboxStore(db.pool);
    const runner = new PgTransactionRunner(db.pool);
    for (let i = 0; i < rows.length; i += 1_000) {
      await runner.runInTransaction(() => store.append(rows.slice(i, i + 1_000)));
    }
    const started = Date.now();
    const relays = Array.from({ length: RELAYS }, () =>
      forkWorker<{ type: string; deliveries?: OutboxDelivery[] }>("outbox-worker"),
    );
    const start: OutboxWorkerStart = { type: "start", url: db.database.url, mode: "relay", leaseMs: 30_000 };
    for (const relay of relays) relay.send(start);
    const reports = await Promise.all(relays.map((relay) => relay.next((m) => m.type === "done")));
    await Promise.all(relays.map((relay) => relay.exited));
    const elapsedMs = Date.now() - started;

    const deliveries = reports.flatMap((report) => report.deliveries!);
    const perEvent = new Map<string, number>();
    for (const delivery of deliveries)
      perEvent.set(delivery.eventId, (perEvent.get(delivery.eventId) ?? 0) + 1);
    const lost = rows.filter((row) => !perEvent.has(row.uuid)).length;
    const duplicates = deliveries.length - perEvent.size;
    const outOfOrder = instances.filter((instance) => {
      const steps = deliveries
        .filter((d) => d.instanceUuid === instance)
        .sort((a, b) => a.startedAt - b.startedAt)
        .map((d) => d.step);
      const firsts = steps.filter((step, i) => steps.indexOf(step) === i);
      return firsts.some((step, i) => step !== i);
    }).length;
    const perRelay = reports.map((report) => report.deliveries!.length);
    console.log(
      `[outbox relays] ${EVENTS} events, ${RELAYS} relays (${perRelay.join("/")}): ${lost} lost, ${duplicates} duplicates, ${outOfOrder} instances out of order, ${elapsedMs} ms (${Math.round((EVENTS / elapsedMs) * 1000)} events/s)`,
    );
    recordFigures({ lostOrDuplicated: lost });
    expect(lost).toBe(0);
    expect(outOfOrder).toBe(0);
    expect(perRelay.filter((n) => n > 0).length).toBeGreaterThan(1);
    const { rows: left } = await db.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM workflow_outbox WHERE status <> 'delivered'",
    );
    expect(left[0]!.n).toBe(0);
  });

  it("a failing observer is retried and parked while another observer keeps flowing", async () => {
    await db.pool.query("TRUNCATE workflow_outbox");
    const ledger: string[] = [];
    let webhookCalls = 0;
    const observers: WorkflowObserver[] = [
      { name: "ledger", delivery: "outbox", onEnter: (event) => void ledger.push(event.eventId!) },
      {
        name: "webhook",
        delivery: "outbox",
        onEnter: () => {
          webhookCalls++;
          throw new Error("webhook endpoint is down");
        },
      },
    ];
    const make = () =>
      createPgRuntime(db.pool, {
        definitions: [outboxFlow],
        commands: {},
        provider: { outbox: true },
        observers,
        runtime: { outbox: { maxAttempts: 3, initialDelayMs: 20, maxDelayMs: 40 } },
      });
    const writer = make();
    for (let i = 0; i < 50; i++) {
      const created = await writer.createInstance({ workflowName: outboxFlow.name });
      await writer.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "Close" });
    }
    const relays = [make(), make()];
    const until = Date.now() + 60_000;
    while (Date.now() < until) {
      await Promise.all(relays.map((relay) => relay.relayOutbox({ limit: 50 })));
      const pending = await db.pool.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM workflow_outbox WHERE status = 'pending'",
      );
      if (pending.rows[0]!.n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(new Set(ledger).size).toBe(100);
    const parked = await writer.listOutbox({ status: "parked", limit: 1_000 });
    expect(parked).toHaveLength(100);
    expect(parked.every((row) => row.observerName === "webhook" && row.attempts === 3)).toBe(true);
    expect(parked[0]!.lastError).toBe("webhook endpoint is down");
    expect(webhookCalls).toBeGreaterThanOrEqual(300);
  });
});
