import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { headerAuth, startDashboard, type DashboardFixture } from "../support/dashboard-fixture.js";
import { deployOrderV2 } from "../support/order-v2.js";

let fx: DashboardFixture;
let pool: pg.Pool;
let csrf: string;
const writer = { "x-test-user": "writer" };
const reader = { "x-test-user": "reader" };

async function call(path: string, init: RequestInit = {}) {
  const response = await fetch(`${fx.url}${path}`, init);
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

function dryRun(body: unknown, headers: Record<string, string> = writer) {
  return call("/api/workflows/order/migration-dry-run", {
    method: "POST",
    headers: {
      ...headers,
      "content-type": "application/json",
      origin: `http://${new URL(fx.url).host}`,
      "x-csrf-token": csrf,
    },
    body: JSON.stringify(body),
  });
}

beforeAll(async () => {
  fx = await startDashboard("dashboard_versions", headerAuth);
  // Instances on version 1, then a deployment of version 2 stores it beside version 1.
  const paid = await fx.runtime.createInstance({ workflowName: "order" });
  await fx.runtime.getHandle(paid.uuid).triggerEvent("Pay");
  await fx.runtime.createInstance({ workflowName: "order" });
  pool = fx.database.createPool();
  await deployOrderV2(pool);
  csrf = (await call("/api/session", { headers: writer })).body.csrfToken;
});
afterAll(async () => {
  await pool?.end();
  await fx?.close();
});

describe("definition versions over HTTP", () => {
  it("lists the stored versions, newest first, with their active instances", async () => {
    const { status, body } = await call("/api/workflows/order/versions", { headers: reader });
    expect(status).toBe(200);
    expect(body.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(body.items[1]).toMatchObject({ version: 1, activeInstances: 2 });
    expect(body.items[0].contentHash).toMatch(/^sha256:/);
  });

  it("diffs the states, events and commands of two versions and returns both diagrams", async () => {
    const { status, body } = await call("/api/workflows/order/versions/1/diff/2", { headers: reader });
    expect(status).toBe(200);
    expect(body.from.version).toBe(1);
    expect(body.to.states).toEqual(["new", "settled", "shipped", "refunded"]);
    expect(body.from.diagram).toContain("paid__Ship --> shipped");
    expect(body.to.diagram).toContain("settled");
    expect(body.diff.states).toEqual({
      added: ["refunded", "settled"],
      removed: expect.arrayContaining(["paid"]),
      unchanged: ["new", "shipped"],
    });
    expect(body.diff.events.added).toEqual(["settled.Refund", "settled.Ship"]);
    expect(body.diff.events.removed).toEqual(expect.arrayContaining(["new.Flag", "paid.Ship"]));
    expect(body.diff.events.changed).toEqual(["new.Pay"]);
    expect(body.diff.commands).toEqual({ added: ["notifyCarrier"], removed: [], unchanged: [] });
  });

  it("answers 404 for a version that is not stored and 400 for a malformed one", async () => {
    expect((await call("/api/workflows/order/versions/1/diff/9", { headers: reader })).status).toBe(404);
    expect((await call("/api/workflows/order/versions/x/diff/2", { headers: reader })).status).toBe(400);
  });

  it("plans a migration in a dry run with the runtime's planner, writing nothing", async () => {
    const plan = await dryRun({ fromVersion: 1, toVersion: 2, stateMapping: { paid: "settled" } });
    expect(plan.status).toBe(200);
    expect(plan.body.dryRun).toBe(true);
    expect(plan.body.migrated.map((m: { toState: string }) => m.toState).sort()).toEqual(["new", "settled"]);
    // The state-level plan: every state of version 1, where it goes and how many instances rest in it.
    expect(plan.body.plan).toEqual([
      { fromState: "new", toState: "new", via: "same name", skipReason: null, instances: 1 },
      { fromState: "paid", toState: "settled", via: "mapping", skipReason: null, instances: 1 },
      { fromState: "shipped", toState: "shipped", via: "same name", skipReason: null, instances: 0 },
      {
        fromState: expect.stringContaining("<img"),
        toState: null,
        via: null,
        skipReason: expect.stringContaining("has no mapping and does not exist in version 2"),
        instances: 0,
      },
    ]);
    const unmapped = await dryRun({ fromVersion: 1, toVersion: 2 });
    expect(unmapped.body.plan[1]).toEqual({
      fromState: "paid",
      toState: null,
      via: null,
      skipReason: "state paid has no mapping and does not exist in version 2",
      instances: 1,
    });
    expect(unmapped.body.skipped).toEqual([
      expect.objectContaining({ reason: "state paid has no mapping and does not exist in version 2" }),
    ]);
    const counts = await pool.query(
      "SELECT definition_version, count(*)::int AS n FROM workflow_instances GROUP BY 1",
    );
    expect(counts.rows).toEqual([{ definition_version: 1, n: 2 }]);
  });

  it("refuses a dry run to readers and a mapping onto an unknown state", async () => {
    expect((await dryRun({ fromVersion: 1, toVersion: 2 }, reader)).status).toBe(403);
    const bad = await dryRun({ fromVersion: 1, toVersion: 2, stateMapping: { paid: "nowhere" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain("not a state of version 2");
  });
});
