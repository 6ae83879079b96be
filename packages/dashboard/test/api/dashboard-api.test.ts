import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { headerAuth, HOSTILE, startDashboard, type DashboardFixture } from "../support/dashboard-fixture.js";

let fx: DashboardFixture;
let csrf: string;
const writer = { "x-test-user": "writer" };

async function call(path: string, init: RequestInit & { headers?: Record<string, string> } = {}) {
  const response = await fetch(`${fx.url}${path}`, init);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // static files are not JSON
  }
  return { status: response.status, headers: response.headers, body: body as Record<string, any> };
}

function postJson(path: string, body: unknown, headers: Record<string, string> = {}) {
  const host = new URL(fx.url).host;
  return call(path, {
    method: "POST",
    headers: {
      ...writer,
      "content-type": "application/json",
      origin: `http://${host}`,
      "x-csrf-token": csrf,
      ...headers,
    },
    body: JSON.stringify(body),
  });
}

beforeAll(async () => {
  fx = await startDashboard("dashboard_api", headerAuth);
  csrf = (await call("/api/session", { headers: writer })).body.csrfToken;
});
afterAll(async () => {
  await fx?.close();
});

describe("dashboard JSON API over HTTP", () => {
  it("answers 401 without identity on every route, with the strict CSP", async () => {
    for (const path of ["/", "/api/session", "/api/overview", "/api/workflows/order", "/api/executions"]) {
      const response = await call(path);
      expect(response.status, path).toBe(401);
      expect(response.headers.get("content-security-policy")).toContain("script-src 'self'");
      expect(response.headers.get("content-security-policy")).not.toContain("unsafe-eval");
    }
    expect((await call("/api/instances/x/events", { method: "POST" })).status).toBe(401);
  });

  it("serves the session, overview and workflow with counts and the Mermaid source", async () => {
    const a = await fx.runtime.createInstance({ workflowName: "order", metadata: { tenant: "acme" } });
    await fx.runtime.createInstance({ workflowName: "order" });
    await fx.runtime.getHandle(a.uuid).triggerEvent("Pay");
    const session = await call("/api/session", { headers: writer });
    expect(session.body.user).toEqual({ id: "writer<script>", canWrite: true });
    const overview = await call("/api/overview", { headers: { "x-test-user": "reader" } });
    expect(overview.status).toBe(200);
    const order = overview.body.workflows.find((w: { name: string }) => w.name === "order");
    expect(order.total).toBe(2);
    expect(overview.body.timeouts).toEqual({
      overdue: 0,
      oldestOverdueAt: null,
      parked: 0,
      oldestParkedAt: null,
    });
    expect(overview.body.notes).toEqual([]);
    const detail = await call("/api/workflows/order", { headers: writer });
    expect(detail.body.diagram).toMatch(/^flowchart/);
    expect(detail.body.states).toContain(HOSTILE);
    expect(detail.body.versions).toEqual([expect.objectContaining({ version: 1 })]);
    expect((await call("/api/workflows/nope", { headers: writer })).status).toBe(404);
    const counts = await call("/api/workflows/order/counts", { headers: writer });
    expect(
      counts.body.counts.map((c: { state: string; count: number }) => [c.state, c.count]).sort(),
    ).toEqual([
      ["new", 1],
      ["paid", 1],
    ]);
    expect((await call("/api/workflows/nope/counts", { headers: writer })).status).toBe(404);
  });

  it("lists instances with filters and keyset pages capped at the maximum page size", async () => {
    for (let i = 0; i < 3; i++)
      await fx.runtime.createInstance({ workflowName: "order", metadata: { n: `${i}` } });
    const first = await call("/api/workflows/order/instances?state=new&limit=2", { headers: writer });
    expect(first.body.items).toHaveLength(2);
    const second = await call(
      `/api/workflows/order/instances?state=new&limit=2&after=${first.body.nextCursor}`,
      {
        headers: writer,
      },
    );
    expect(second.body.items.length).toBeGreaterThan(0);
    const meta = await call("/api/workflows/order/instances?metaKey=n&metaValue=1", { headers: writer });
    expect(meta.body.items).toHaveLength(1);
    for (const bad of [
      "limit=0",
      "limit=101",
      "limit=abc",
      "after=garbage",
      "createdFrom=yesterday",
      "version=-1",
    ]) {
      const response = await call(`/api/workflows/order/instances?${bad}`, { headers: writer });
      expect(response.status, bad).toBe(400);
    }
  });

  it("sorts instances by last transition or creation, either direction, with keyset pages in each order", async () => {
    const made = [];
    for (let i = 0; i < 3; i++) {
      made.push(await fx.runtime.createInstance({ workflowName: "order", metadata: { sortcase: "yes" } }));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    // The oldest one moves last: creation order and transition order now differ.
    await fx.runtime.getHandle(made[0].uuid).triggerEvent("Pay");
    const pages = async (order: string) => {
      const seen: string[] = [];
      let after = "";
      for (let page = 0; page < 10; page++) {
        const response = await call(
          `/api/workflows/order/instances?metaKey=sortcase&metaValue=yes&limit=1${order}${after}`,
          { headers: writer },
        );
        expect(response.status).toBe(200);
        seen.push(...response.body.items.map((i: { uuid: string }) => i.uuid));
        if (response.body.nextCursor === null) break;
        after = `&after=${response.body.nextCursor}`;
      }
      return seen;
    };
    const [a, b, c] = made.map((m) => m.uuid);
    expect(await pages("")).toEqual([a, c, b]);
    expect(await pages("&orderBy=lastTransitionAt&direction=desc")).toEqual([a, c, b]);
    expect(await pages("&direction=asc")).toEqual([b, c, a]);
    expect(await pages("&orderBy=createdAt")).toEqual([c, b, a]);
    expect(await pages("&orderBy=createdAt&direction=asc")).toEqual([a, b, c]);
    for (const bad of ["orderBy=uuid", "direction=up"]) {
      const response = await call(`/api/workflows/order/instances?${bad}`, { headers: writer });
      expect(response.status, bad).toBe(400);
    }
  });

  it("shows an instance with history, events and its active execution; bad uuids are 400/404", async () => {
    const created = await fx.runtime.createInstance({ workflowName: "order", context: { note: HOSTILE } });
    const detail = await call(`/api/instances/${created.uuid}`, { headers: writer });
    expect(detail.status).toBe(200);
    expect(detail.body.instance.context.note).toBe(HOSTILE);
    expect(detail.body.availableEvents.map((e: { eventName: string }) => e.eventName)).toEqual([
      "Pay",
      "Flag",
    ]);
    expect(detail.body.history).toEqual([]);
    expect(detail.body.execution).toBeNull();
    expect((await call("/api/instances/not-a-uuid", { headers: writer })).status).toBe(400);
    expect(
      (await call("/api/instances/00000000-0000-4000-8000-000000000000", { headers: writer })).status,
    ).toBe(404);
    expect((await call("/api/instances/%E0%A4%A", { headers: writer })).status).toBe(400);
    expect((await call("/api/nothing", { headers: writer })).status).toBe(404);
  });

  it("triggers an event with the actor recorded; refuses readers (403), bad CSRF, cross origin and bad bodies", async () => {
    const created = await fx.runtime.createInstance({ workflowName: "order" });
    const path = `/api/instances/${created.uuid}/events`;
    expect((await postJson(path, { eventName: "Pay" }, { "x-test-user": "reader" })).status).toBe(403);
    expect((await postJson(path, { eventName: "Pay" }, { "x-csrf-token": "wrong" })).status).toBe(403);
    expect((await postJson(path, { eventName: "Pay" }, { origin: "http://evil.example" })).status).toBe(403);
    expect((await postJson(path, { eventName: "Ship" })).status).toBe(409);
    expect((await postJson(path, { eventName: 5 })).status).toBe(400);
    expect((await postJson(path, [1])).status).toBe(400);
    const raw = await call(path, {
      method: "POST",
      headers: { ...writer, "content-type": "application/json", "x-csrf-token": csrf },
      body: "{oops",
    });
    expect(raw.status).toBe(400);
    expect((await postJson(path, { eventName: "Pay", payload: { amount: 3 } })).body.outcome).toBe("success");
    const [latest] = await fx.runtime.getHistory(created.uuid, { limit: 1 });
    expect(latest.triggerMetadata).toEqual({ dashboard: { actor: "writer<script>" } });
    expect((await postJson(`/api/instances/${created.uuid}/nothing`, {})).status).toBe(404);
  });

  it("lists executions and retries, cancels and rearms through the API", async () => {
    const created = await fx.runtime.createInstance({ workflowName: "order" });
    const queued = await fx.runtime.enqueueEvent({
      workflowInstanceUuid: created.uuid,
      eventName: "Pay",
      idempotencyKey: "dashboard-test",
    });
    const list = await call("/api/executions?status=pending", { headers: writer });
    expect(list.body.items.map((e: { uuid: string }) => e.uuid)).toContain(queued.uuid);
    expect((await call("/api/executions?status=weird", { headers: writer })).status).toBe(400);
    expect((await postJson(`/api/executions/${queued.uuid}/retry`, {})).status).toBe(400);
    const cancelled = await postJson(`/api/executions/${queued.uuid}/cancel`, {});
    expect(cancelled.body.status).toBe("cancelled");
    // The refused retry left no row; the cancel left one naming who did it.
    expect((await fx.runtime.getHistory(created.uuid)).map((r) => [r.eventName, r.triggerMetadata])).toEqual([
      [
        "$cancelled",
        { dashboard: { actor: "writer<script>" }, source: "cancelExecution", executionUuid: queued.uuid },
      ],
    ]);
    expect((await postJson(`/api/executions/not-a-uuid/cancel`, {})).status).toBe(400);
    const rearmed = await postJson(`/api/instances/${created.uuid}/rearm-timeout`, {});
    expect(rearmed.status).toBe(200);
    // Nothing was parked: nothing changed, so no row either.
    expect(await fx.runtime.getHistory(created.uuid)).toHaveLength(1);
    expect((await call("/api/timeouts/parked?limit=5", { headers: writer })).body.items).toEqual([]);
    expect((await call("/api/session", { method: "PUT", headers: writer })).status).toBe(405);
  });

  it("records the actor of a retry and of a rearm in the instance history", async () => {
    const job = await fx.runtime.createInstance({ workflowName: "job" });
    fx.work.failing = true;
    try {
      const queued = await fx.runtime.enqueueEvent({
        workflowInstanceUuid: job.uuid,
        eventName: "Run",
        idempotencyKey: "dashboard-retry",
      });
      await fx.runtime.processPendingExecutions();
      expect((await postJson(`/api/executions/${queued.uuid}/retry`, {})).body.status).toBe("pending");
      const [retried] = await fx.runtime.getHistory(job.uuid);
      expect(retried).toMatchObject({
        eventName: "$retried",
        fromState: "waiting",
        toState: "waiting",
        triggerMetadata: {
          dashboard: { actor: "writer<script>" },
          source: "retryExecution",
          executionUuid: queued.uuid,
        },
      });
      await postJson(`/api/executions/${queued.uuid}/cancel`, {});
      const timed = await fx.runtime.createInstance({ workflowName: "job" });
      fx.advance(2 * 60_000);
      await fx.runtime.processExpiredWorkflows();
      expect((await fx.runtime.getInstance(timed.uuid))?.timeoutRetry?.parkedAt).toBeTruthy();
      expect((await postJson(`/api/instances/${timed.uuid}/rearm-timeout`, {})).body.timeoutRetry).toBeNull();
      expect(await fx.runtime.getHistory(timed.uuid)).toEqual([
        expect.objectContaining({
          eventName: "$rearmed",
          triggerMetadata: { dashboard: { actor: "writer<script>" }, source: "rearmTimeout" },
        }),
      ]);
    } finally {
      fx.work.failing = false;
    }
  });

  it("returns hostile state names and contexts as JSON data, never as markup", async () => {
    const created = await fx.runtime.createInstance({ workflowName: "order", metadata: { html: HOSTILE } });
    await fx.runtime.getHandle(created.uuid).triggerEvent("Flag");
    const response = await call(`/api/workflows/order/instances?state=${encodeURIComponent(HOSTILE)}`, {
      headers: writer,
    });
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.body.items[0].currentState).toBe(HOSTILE);
    expect(response.body.items[0].metadata.html).toBe(HOSTILE);
  });
});
