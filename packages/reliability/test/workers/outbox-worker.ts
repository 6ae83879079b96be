// A process that writes and relays outbox events. "write" creates instances with an outbox observer, reports
// the committed rows, then relays with an observer that blocks forever (the parent SIGKILLs it mid-delivery).
// "relay" relays until the outbox stays empty and reports every delivery (with the time its call started).
import pg from "pg";
import { createPgRuntime } from "../support/pg-runtime.js";
import { outboxFlow, type OutboxDelivery, type OutboxWorkerStart } from "../support/outbox-flow.js";

process.once("message", (message) => {
  const start = message as OutboxWorkerStart;
  const pool = new pg.Pool({
    connectionString: start.url,
    max: 2,
    application_name: "duraflows-outbox-worker",
  });
  const deliveries: OutboxDelivery[] = [];
  let blocking = start.mode === "write";
  const runtime = createPgRuntime(pool, {
    definitions: [outboxFlow],
    commands: {},
    provider: { outbox: true },
    observers: [
      {
        name: "ledger",
        delivery: "outbox",
        onEnter: async (event) => {
          if (blocking) {
            process.send!({ type: "delivering", eventId: event.eventId });
            return new Promise(() => undefined);
          }
          deliveries.push({
            eventId: event.eventId!,
            instanceUuid: event.instanceUuid,
            step: Number(event.context.step ?? 0),
            startedAt: performance.timeOrigin + performance.now(),
            event,
          });
        },
      },
    ],
    runtime: { outbox: { leaseMs: start.leaseMs, initialDelayMs: 10, maxDelayMs: 100 } },
  });
  void (async () => {
    if (start.mode === "write") {
      const created = await runtime.createInstance({
        workflowName: outboxFlow.name,
        context: { n: 7, s: "é" },
      });
      await runtime.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "Close" });
      process.send!({ type: "committed", uuid: created.uuid });
      blocking = true;
      await runtime.relayOutbox();
      return;
    }
    // Relay until no row is pending any more (rows leased by the other relays count as pending).
    for (;;) {
      const result = await runtime.relayOutbox({ limit: 25 });
      if (result.claimed > 0) continue;
      const { rows } = await pool.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM workflow_outbox WHERE status = 'pending'",
      );
      if (rows[0]!.n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    process.send!({ type: "done", deliveries });
    await pool.end();
  })();
});
