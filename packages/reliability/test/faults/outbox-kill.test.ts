import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordFigures } from "../support/figures.js";
import { forkWorker } from "../support/fork-worker.js";
import { createReliabilityDatabase, type ReliabilityDatabase } from "../support/pg-database.js";
import type { OutboxDelivery, OutboxWorkerStart } from "../support/outbox-flow.js";

type Message =
  | { type: "committed"; uuid: string }
  | { type: "delivering"; eventId: string }
  | { type: "done"; deliveries: OutboxDelivery[] };

describe("faults: SIGKILL between the commit and the outbox delivery", () => {
  let db: ReliabilityDatabase;

  beforeAll(async () => {
    db = await createReliabilityDatabase("stress-outbox-kill");
  });
  afterAll(async () => {
    recordFigures({ workerKills: 1 });
    await db?.database.drop();
  });

  it("the event committed with the transition is delivered after a restart, exactly as written", async () => {
    const writer = forkWorker<Message>("outbox-worker");
    const start: OutboxWorkerStart = { type: "start", url: db.database.url, mode: "write", leaseMs: 500 };
    writer.send(start);
    const committed = await writer.next((m) => m.type === "committed");
    const delivering = await writer.next((m) => m.type === "delivering");
    const { rows: written } = await db.pool.query<{ uuid: string; event_json: Record<string, unknown> }>(
      "SELECT uuid, event_json FROM workflow_outbox ORDER BY seq",
    );
    expect(written).toHaveLength(2);
    expect(delivering).toEqual({ type: "delivering", eventId: written[0]!.uuid });
    // Killed mid-delivery: the row is claimed (leased), nothing was marked delivered.
    writer.child.kill("SIGKILL");
    expect((await writer.exited).signal).toBe("SIGKILL");
    const { rows: leased } = await db.pool.query("SELECT status, attempts FROM workflow_outbox ORDER BY seq");
    expect(leased).toEqual([
      { status: "pending", attempts: 1 },
      { status: "pending", attempts: 0 },
    ]);

    const relay = forkWorker<Message>("outbox-worker");
    relay.send({ ...start, mode: "relay" });
    const done = (await relay.next((m) => m.type === "done")) as { deliveries: OutboxDelivery[] };
    await relay.exited;
    expect(done.deliveries.map((d) => d.eventId)).toEqual(written.map((row) => row.uuid));
    for (const [i, delivery] of done.deliveries.entries()) {
      const { eventId, ...event } = delivery.event as unknown as Record<string, unknown>;
      expect(eventId).toBe(written[i]!.uuid);
      expect(event).toEqual(written[i]!.event_json);
      expect(delivery.instanceUuid).toBe((committed as { uuid: string }).uuid);
    }
    const { rows: after } = await db.pool.query("SELECT status FROM workflow_outbox ORDER BY seq");
    expect(after).toEqual([{ status: "delivered" }, { status: "delivered" }]);
  });
});
