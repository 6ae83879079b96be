import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { headerAuth, startDashboard, type DashboardFixture } from "../support/dashboard-fixture.js";

let fx: DashboardFixture;
let csrf: string;
const writer = { "x-test-user": "writer" };

async function postJson(path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${fx.url}${path}`, {
    method: "POST",
    headers: {
      ...writer,
      "content-type": "application/json",
      origin: new URL(fx.url).origin,
      "x-csrf-token": csrf,
      ...headers,
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

const count = async (sql: string) => {
  const pool = fx.database.createPool();
  try {
    return (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`)).rows[0]!.n;
  } finally {
    await pool.end();
  }
};

beforeAll(async () => {
  fx = await startDashboard("dashboard_maintenance", headerAuth);
  const session = await fetch(`${fx.url}/api/session`, { headers: writer });
  csrf = ((await session.json()) as { csrfToken: string }).csrfToken;
});
afterAll(async () => {
  await fx?.close();
});

let waiting: string;

describe("dashboard maintenance API over HTTP", () => {
  it("refuses readers, a wrong CSRF token and bad bodies without touching anything", async () => {
    waiting = (await fx.runtime.createInstance({ workflowName: "order" })).uuid;
    const before = await count("workflow_history");
    const bulk = { state: "new", eventName: "Pay", limit: 1 };
    expect(
      (await postJson("/api/workflows/order/trigger-many", bulk, { "x-test-user": "reader" })).status,
    ).toBe(403);
    expect((await postJson("/api/workflows/order/trigger-many", bulk, { "x-csrf-token": "x" })).status).toBe(
      403,
    );
    expect((await postJson("/api/maintenance/partitions", {}, { "x-test-user": "reader" })).status).toBe(403);
    expect((await postJson("/api/maintenance/partitions", { dropBefore: "yesterday" })).status).toBe(400);
    expect((await postJson("/api/maintenance/nope", {})).status).toBe(404);
    expect(
      (await postJson("/api/workflows/nope/trigger-many", { state: "new", eventName: "Pay", limit: 1 }))
        .status,
    ).toBe(404);
    expect(
      (await postJson("/api/workflows/order/trigger-many", { state: "new", eventName: "Pay" })).status,
    ).toBe(400);
    expect(
      (
        await postJson("/api/workflows/order/trigger-many", {
          state: "new",
          eventName: "Pay",
          limit: 10_000_000,
        })
      ).status,
    ).toBe(400);
    expect(await count("workflow_history")).toBe(before);
    expect((await fx.runtime.getInstance(waiting))?.currentState).toBe("new");
  });

  it("moves every instance of a state with one event, recording the actor in each history row", async () => {
    const uuids: string[] = [];
    for (let i = 0; i < 3; i++) uuids.push((await fx.runtime.createInstance({ workflowName: "order" })).uuid);
    uuids.push(waiting);
    const moved = await postJson("/api/workflows/order/trigger-many", {
      state: "new",
      eventName: "Pay",
      limit: 10,
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ mode: "bulk", matched: 4, transitioned: 4, failed: 0 });
    for (const uuid of uuids) {
      const [newest] = await fx.runtime.getHistory(uuid, { limit: 1 });
      expect(newest).toMatchObject({ eventName: "Pay", toState: "paid" });
      expect(newest!.triggerMetadata).toEqual({ dashboard: { actor: "writer<script>" } });
    }
    const unknownEvent = await postJson("/api/workflows/order/trigger-many", {
      state: "paid",
      eventName: "Pay",
      limit: 10,
    });
    expect(unknownEvent).toEqual({
      status: 400,
      body: { error: "Event Pay is not available in state paid" },
    });
    const unknownState = await postJson("/api/workflows/order/trigger-many", {
      state: "gone",
      eventName: "Pay",
      limit: 10,
    });
    expect(unknownState).toEqual({ status: 400, body: { error: "Workflow order has no state gone" } });
  });

  it("answers 409 with a hint for partition maintenance on a table that is not partitioned", async () => {
    const answer = await postJson("/api/maintenance/partitions", { premake: 2 });
    expect(answer).toEqual({
      status: 409,
      body: { error: "The history table is not partitioned (run `duraflows history partition` first)" },
    });
    expect((await postJson("/api/maintenance/partitions", { premake: -1 })).status).toBe(400);
  });

  it("runs partition maintenance once the table is partitioned", async () => {
    const { partitionHistory } = await import("@duraflows/pg");
    const pool = fx.database.createPool();
    await partitionHistory(pool, { premake: 1 });
    await pool.end();
    const answer = await postJson("/api/maintenance/partitions", { premake: 3 });
    expect(answer.status).toBe(200);
    expect(answer.body.created).toHaveLength(2);
    expect(answer.body).toMatchObject({ detached: [], dropped: [] });
  });
});
