import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { headerAuth, startDashboard, type DashboardFixture } from "../support/dashboard-fixture.js";

let fx: DashboardFixture;
let csrf: string;
const writer = { "x-test-user": "writer" };
const reader = { "x-test-user": "reader" };
const DAY = 86_400_000;

async function call(path: string, init: RequestInit = {}) {
  const response = await fetch(`${fx.url}${path}`, init);
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return call(path, {
    method: "POST",
    headers: {
      ...writer,
      "content-type": "application/json",
      origin: `http://${new URL(fx.url).host}`,
      "x-csrf-token": csrf,
      ...headers,
    },
    body: JSON.stringify(body),
  });
}

beforeAll(async () => {
  fx = await startDashboard("dashboard_retention", headerAuth);
  csrf = (await call("/api/session", { headers: writer })).body.csrfToken;
});
afterAll(async () => {
  await fx?.close();
});

describe("retention over HTTP", () => {
  it("counts, then prunes history and purges terminal instances behind write permission and CSRF", async () => {
    const done = await fx.runtime.createInstance({ workflowName: "order" });
    await fx.runtime.getHandle(done.uuid).triggerEvent("Pay");
    await fx.runtime.getHandle(done.uuid).triggerEvent("Ship");
    const open = await fx.runtime.createInstance({ workflowName: "order" });
    await fx.runtime.getHandle(open.uuid).triggerEvent("Pay");
    // Two days on: every history row is older than a day, and "done" has rested in "shipped" for two.
    fx.advance(2 * DAY);

    const rule = "historyOlderThanDays=1&terminalForDays=1";
    const counted = await call(`/api/retention?${rule}`, { headers: reader });
    expect(counted.status).toBe(200);
    // Each instance keeps its newest row: only "done"'s Pay row can go.
    expect(counted.body).toEqual({
      history: { rows: 1, batches: 0, dryRun: true },
      instances: { instances: 1, batches: 0, dryRun: true },
    });
    expect((await call(`/api/retention?${rule}&workflow=job`, { headers: reader })).body).toMatchObject({
      history: { rows: 0 },
      instances: { instances: 0 },
    });
    expect((await call("/api/retention", { headers: reader })).body).toEqual({
      history: null,
      instances: null,
    });
    for (const [query, status] of [
      ["keepLast=0", 400],
      ["terminalForDays=-1", 400],
      ["terminalForDays=1&workflow=nope", 404],
    ] as const) {
      expect((await call(`/api/retention?${query}`, { headers: reader })).status, query).toBe(status);
    }
    expect(await fx.runtime.getHistory(done.uuid)).toHaveLength(2);

    const prune = "/api/retention/prune-history";
    expect((await post(prune, { historyOlderThanDays: 1 }, reader)).status).toBe(403);
    expect((await post(prune, { historyOlderThanDays: 1 }, { "x-csrf-token": "wrong" })).status).toBe(403);
    expect((await post(prune, {})).status).toBe(400);
    expect((await post(prune, { historyOlderThanDays: "1" })).status).toBe(400);
    const pruned = await post(prune, { historyOlderThanDays: 1 });
    expect(pruned.body).toEqual({ rows: 1, batches: 1, dryRun: false, maxBatches: 10 });
    expect((await fx.runtime.getHistory(done.uuid)).map((row) => row.eventName)).toEqual(["Ship"]);

    const purge = "/api/retention/purge-instances";
    expect((await post(purge, { terminalForDays: 1 }, reader)).status).toBe(403);
    expect((await post(purge, { historyOlderThanDays: 1 })).status).toBe(400);
    const purged = await post(purge, { terminalForDays: 1, workflow: "order" });
    expect(purged.body).toEqual({ instances: 1, batches: 1, dryRun: false, maxBatches: 10 });
    expect(await fx.runtime.getInstance(done.uuid)).toBeNull();
    expect(await fx.runtime.getInstance(open.uuid)).not.toBeNull();
    expect((await call(`/api/retention?${rule}`, { headers: reader })).body).toMatchObject({
      history: { rows: 0 },
      instances: { instances: 0 },
    });
  });
});
