import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { headerAuth, startDashboard, type DashboardFixture } from "../support/dashboard-fixture.js";

/**
 * Every route, fed values of every wrong shape: each answer must be a deliberate 2xx/4xx/501 with a JSON
 * error, never a 500 (an unhandled throw) and never a hang.
 */

let fx: DashboardFixture;
let csrf: string;
let instanceUuid: string;
const writer = { "x-test-user": "writer" };

const HOSTILE_VALUES: unknown[] = [
  null,
  true,
  -1,
  0,
  1.5,
  1e308,
  Number.MAX_SAFE_INTEGER + 2,
  "",
  " ",
  "x".repeat(10_000),
  "2026-13-45",
  "<script>alert(1)</script>",
  "'; DROP TABLE workflow_instances; --",
  "\u0000",
  "💥",
  [],
  [1, 2],
  {},
  { __proto__: { polluted: true } },
  { nested: { deeper: { deepest: [null] } } },
];

const QUERY_VALUES = ["", "-1", "0", "1e9", "abc", "2026-13-45", "%00", "x".repeat(600), "[]", "null"];

async function answer(path: string, init: RequestInit = {}) {
  const response = await fetch(`${fx.url}${path}`, { ...init, signal: AbortSignal.timeout(30_000) });
  const text = await response.text();
  return { status: response.status, text };
}

function postJson(path: string, body: unknown) {
  return answer(path, {
    method: "POST",
    headers: {
      ...writer,
      "content-type": "application/json",
      origin: new URL(fx.url).origin,
      "x-csrf-token": csrf,
    },
    body: JSON.stringify(body),
  });
}

const POST_ROUTES: { path: () => string; fields: string[] }[] = [
  { path: () => `/api/instances/${instanceUuid}/events`, fields: ["eventName", "payload"] },
  {
    path: () => `/api/workflows/order/migration-dry-run`,
    fields: ["fromVersion", "toVersion", "stateMapping"],
  },
  { path: () => `/api/workflows/order/trigger-many`, fields: ["state", "eventName", "limit"] },
  { path: () => "/api/retention/prune-history", fields: ["workflow", "historyOlderThanDays", "keepLast"] },
  { path: () => "/api/retention/purge-instances", fields: ["workflow", "terminalForDays"] },
  { path: () => "/api/maintenance/partitions", fields: ["premake", "dropBefore", "detachOnly"] },
];

const GET_ROUTES: { path: string; params: string[] }[] = [
  {
    path: "/api/workflows/order/instances",
    params: [
      "state",
      "version",
      "metaKey",
      "metaValue",
      "createdFrom",
      "createdTo",
      "lastTransitionFrom",
      "lastTransitionTo",
      "orderBy",
      "direction",
      "limit",
      "after",
    ],
  },
  { path: "/api/executions", params: ["status", "limit", "after"] },
  { path: "/api/timeouts/parked", params: ["workflow", "limit"] },
  { path: "/api/retention", params: ["workflow", "historyOlderThanDays", "keepLast", "terminalForDays"] },
];

beforeAll(async () => {
  fx = await startDashboard("dashboard_hostile", headerAuth);
  csrf = (JSON.parse((await answer("/api/session", { headers: writer })).text) as { csrfToken: string })
    .csrfToken;
  instanceUuid = (await fx.runtime.createInstance({ workflowName: "order" })).uuid;
});
afterAll(async () => {
  await fx?.close();
});

describe("dashboard API under hostile input", () => {
  it("answers every POST route with a deliberate status for every wrong value of every field", async () => {
    const failures: string[] = [];
    for (const route of POST_ROUTES) {
      const bodies: unknown[] = [null, [], "text", 42, {}];
      for (const field of route.fields) for (const value of HOSTILE_VALUES) bodies.push({ [field]: value });
      for (const body of bodies) {
        const { status, text } = await postJson(route.path(), body);
        if (status >= 500 && status !== 501)
          failures.push(`${route.path()} ${JSON.stringify(body)} → ${status}`);
        else if (status >= 400) expect(JSON.parse(text)).toHaveProperty("error");
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it("answers every GET route with a deliberate status for every wrong query value", async () => {
    const failures: string[] = [];
    for (const route of GET_ROUTES) {
      for (const param of route.params) {
        for (const value of QUERY_VALUES) {
          const path = `${route.path}?${param}=${encodeURIComponent(value)}`;
          const { status } = await answer(path, { headers: writer });
          if (status >= 500 && status !== 501) failures.push(`${path} → ${status}`);
        }
      }
    }
    for (const path of [
      "/api/instances/not-a-uuid",
      "/api/instances/%E0%A4%A",
      "/api/workflows/%3Cscript%3E",
      "/api/workflows/order/versions/x/diff/y",
      "/api/workflows/order/versions/1/diff/99999999999999999999",
      `/api/${"a/".repeat(200)}`,
    ]) {
      const { status } = await answer(path, { headers: writer });
      if (status >= 500 && status !== 501) failures.push(`${path} → ${status}`);
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it("left the instance as it was", async () => {
    const instance = await fx.runtime.getInstance(instanceUuid);
    expect(instance?.currentState).toBe("new");
  });
});
