import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forkWorker } from "../support/fork-worker.js";
import { recordFigures } from "../support/figures.js";
import { createReliabilityDatabase, type ReliabilityDatabase } from "../support/pg-database.js";
import { createPgRuntime } from "../support/pg-runtime.js";
import { bumpCommand, counterWorkflow } from "../support/workflows.js";
import type { LoadDone, LoadStart } from "../workers/load-worker.js";

// Figures: 4 processes × 2,000 events each at 200 instances, plus 100 keyed events every process fires
// identically (so each key is raced by 4 processes and must execute exactly once).
const PROCESSES = 4;
const EVENTS_PER_PROCESS = 2_000;
const INSTANCES = 200;
const SHARED_KEYS = 100;

describe("load: 4 processes firing events at 200 instances concurrently (real PostgreSQL)", () => {
  let db: ReliabilityDatabase;
  const uuids: string[] = [];
  let results: LoadDone[] = [];

  beforeAll(async () => {
    db = await createReliabilityDatabase("stress-events");
    const runtime = createPgRuntime(db.pool, {
      definitions: [counterWorkflow],
      commands: { bump: bumpCommand },
    });
    for (let i = 0; i < INSTANCES; i++)
      uuids.push((await runtime.createInstance({ workflowName: "counter" })).uuid);
    const shared = Array.from({ length: SHARED_KEYS }, (_, k) => ({
      key: `shared-${k}`,
      uuid: uuids[k % INSTANCES]!,
    }));

    const workers = Array.from({ length: PROCESSES }, () => forkWorker<{ type: string }>("load-worker"));
    workers.forEach((worker, index) => {
      const start: LoadStart = {
        type: "start",
        url: db.database.url,
        worker: index,
        uuids,
        events: EVENTS_PER_PROCESS,
        concurrency: 4,
        shared,
      };
      worker.send(start);
    });
    // Release all processes at once, once every one is connected, to maximise overlap.
    await Promise.all(workers.map((w) => w.next((m) => m.type === "ready")));
    for (const worker of workers) worker.send({ type: "go" });
    results = (await Promise.all(workers.map((w) => w.next((m) => m.type === "done")))) as LoadDone[];
    for (const worker of workers) expect((await worker.exited).code).toBe(0);
  });

  afterAll(async () => {
    await db?.database.drop();
  });

  it("every call either succeeded or was refused as invalid in the current state: no deadlock, no lock error", () => {
    const all = results.flatMap((r) => [...r.outcomes, ...r.keyed]);
    expect(all).toHaveLength(PROCESSES * (EVENTS_PER_PROCESS + SHARED_KEYS));
    const unexpected = all.filter((o) => o.error && o.error.name !== "InvalidEventError");
    expect(unexpected).toEqual([]);
    expect(all.some((o) => o.error?.code === "40P01" || /deadlock/i.test(o.error?.message ?? ""))).toBe(
      false,
    );
    // The keyed toggle is valid in both states, so every keyed call must have succeeded.
    expect(results.flatMap((r) => r.keyed).filter((o) => o.error)).toEqual([]);
  });

  it("every accepted event appears exactly once in history; refused ones never", async () => {
    const plain = results.flatMap((r) => r.outcomes);
    const accepted = plain.filter((o) => !o.error);
    const refused = plain.filter((o) => o.error);
    const { rows } = await db.pool.query<{ event_id: string; n: string; uuids: string[] }>(
      `SELECT trigger_metadata_json->>'eventId' AS event_id, count(*) AS n, array_agg(uuid::text) AS uuids
         FROM workflow_history WHERE event_name <> 'onEnter' GROUP BY 1`,
    );
    const byId = new Map(rows.map((r) => [r.event_id, r]));
    const duplicated = rows.filter((r) => Number(r.n) !== 1);
    expect(duplicated).toEqual([]);
    // The uuid each call got back is the row written for it (for a relay: its onEnter hop, the last row).
    const { rows: all } = await db.pool.query<{
      uuid: string;
      instance: string;
      event_name: string;
      event_id: string | null;
    }>(
      `SELECT uuid::text, workflow_instance_uuid::text AS instance, event_name,
              trigger_metadata_json->>'eventId' AS event_id FROM workflow_history`,
    );
    const rowByUuid = new Map(all.map((r) => [r.uuid, r]));
    const mismatched = accepted.filter((o) => {
      const row = rowByUuid.get(o.historyUuid!);
      if (!row || row.instance !== o.uuid) return true;
      return o.eventName === "relay" ? row.event_name !== "onEnter" : row.event_id !== o.id;
    });
    expect(mismatched).toEqual([]);
    for (const o of accepted) expect(byId.has(o.id)).toBe(true);
    for (const o of refused) expect(byId.has(o.id)).toBe(false);
    // Each keyed event executed once, and all four processes got the same history row back.
    const keyed = results.flatMap((r) => r.keyed);
    for (let k = 0; k < SHARED_KEYS; k++) {
      const seen = new Set(keyed.filter((o) => o.id === `shared-${k}`).map((o) => o.historyUuid));
      expect(seen.size).toBe(1);
      expect(byId.get(`shared-${k}`)?.n).toBe("1");
    }
    expect(rows).toHaveLength(accepted.length + SHARED_KEYS);
    recordFigures({
      loadProcesses: PROCESSES,
      eventsFired: PROCESSES * (EVENTS_PER_PROCESS + SHARED_KEYS),
      eventsAccepted: accepted.length + SHARED_KEYS,
      eventsRejectedAsInvalid: refused.length,
      keyedDuplicatesReplayed: keyed.length - SHARED_KEYS,
      lostOrDuplicated: duplicated.length + accepted.filter((o) => !byId.has(o.id)).length,
    });
  });

  it("every instance: version = history rows, hits = accepted events, relays hopped back", async () => {
    const acceptedPerInstance = new Map<string, number>();
    for (const o of results.flatMap((r) => r.outcomes).filter((o) => !o.error)) {
      acceptedPerInstance.set(o.uuid, (acceptedPerInstance.get(o.uuid) ?? 0) + 1);
    }
    for (let k = 0; k < SHARED_KEYS; k++) {
      const uuid = uuids[k % INSTANCES]!;
      acceptedPerInstance.set(uuid, (acceptedPerInstance.get(uuid) ?? 0) + 1);
    }
    const { rows } = await db.pool.query<{
      uuid: string;
      version: number;
      current_state: string;
      hits: number | null;
      history: string;
      hops: string;
      relays: string;
    }>(
      `SELECT i.uuid, i.version, i.current_state, (i.context_json->>'hits')::int AS hits,
              (SELECT count(*) FROM workflow_history h WHERE h.workflow_instance_uuid = i.uuid) AS history,
              (SELECT count(*) FROM workflow_history h WHERE h.workflow_instance_uuid = i.uuid
                 AND h.event_name = 'onEnter') AS hops,
              (SELECT count(*) FROM workflow_history h WHERE h.workflow_instance_uuid = i.uuid
                 AND h.event_name = 'relay') AS relays
         FROM workflow_instances i`,
    );
    expect(rows).toHaveLength(INSTANCES);
    for (const row of rows) {
      expect({ uuid: row.uuid, version: row.version }).toEqual({
        uuid: row.uuid,
        version: Number(row.history),
      });
      expect(row.hits ?? 0).toBe(acceptedPerInstance.get(row.uuid) ?? 0);
      expect(row.hops).toBe(row.relays);
      // `relaying` is only ever passed through by the onEnter hop.
      expect(["left", "right"]).toContain(row.current_state);
    }
  });
});
