import "reflect-metadata";
import type { IncomingMessage } from "node:http";
import { fileURLToPath } from "node:url";
import { WorkflowRuntime, type WorkflowDefinition } from "@duraflows/core";
import { Controller, Get, Injectable, Module } from "@nestjs/common";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WorkflowDashboardModule } from "../../src/dashboard/index.js";
import { WORKFLOW_RUNTIME, WorkflowModule } from "../../src/index.js";
import { startHttpApp, type RunningApp } from "../support/http-app.js";
import { createPgFixture, type PgFixture } from "../support/pg-persistence.js";

const ticket: WorkflowDefinition = {
  name: "ticket",
  version: 1,
  initialState: "open",
  states: { open: { events: { Close: { targetState: "closed" } } }, closed: {} },
};

// The app bundle the dashboard package build produces (tests resolve the package to its sources).
const assetsDir = fileURLToPath(new URL("../../../dashboard/dist/app/", import.meta.url));

/** An application service the dashboard's auth is built from, to prove forRootAsync injection. */
@Injectable()
class SessionService {
  identify(req: IncomingMessage) {
    const user = req.headers["x-user"];
    if (user === "ops") return { id: "ops-alice", canWrite: true };
    if (user === "viewer") return { id: "viewer-bob", canWrite: false };
    return null;
  }
}

@Module({ providers: [SessionService], exports: [SessionService] })
class SessionModule {}

@Controller("health")
class HealthController {
  @Get()
  health() {
    return { ok: true };
  }
}

describe("e2e: WorkflowDashboardModule serves the dashboard on the WorkflowModule's runtime, over HTTP", () => {
  let pg: PgFixture;
  let running: RunningApp;
  let runtime: WorkflowRuntime;

  beforeAll(async () => {
    pg = await createPgFixture("nestjs_dashboard");
    @Module({
      imports: [
        WorkflowModule.forRoot({ workflows: [ticket], persistence: pg.persistence }),
        WorkflowDashboardModule.forRootAsync({
          imports: [SessionModule],
          inject: [SessionService],
          useFactory: (sessions: SessionService) => ({
            basePath: "/ops/dashboard",
            assetsDir,
            auth: (req) => sessions.identify(req),
          }),
        }),
      ],
      controllers: [HealthController],
    })
    class AppModule {}
    running = await startHttpApp(AppModule);
    runtime = running.app.get(WORKFLOW_RUNTIME);
  });

  afterAll(async () => {
    await running?.close();
    await pg?.database.drop();
  });

  const call = (path: string, init: RequestInit & { user?: string } = {}) =>
    fetch(`${running.baseUrl}${path}`, {
      ...init,
      headers: { ...(init.user ? { "x-user": init.user } : {}), ...(init.headers as object) },
    });

  it("answers 401 without an identity, for the page and the API", async () => {
    expect((await call("/ops/dashboard/")).status).toBe(401);
    expect((await call("/ops/dashboard/api/overview")).status).toBe(401);
  });

  it("serves the app page with its strict CSP and the overview from the module's runtime", async () => {
    await runtime.createInstance({ workflowName: "ticket" });
    const page = await call("/ops/dashboard/", { user: "viewer" });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(await page.text()).toContain("app.js");
    const overview = await call("/ops/dashboard/api/overview", { user: "viewer" });
    expect(overview.status).toBe(200);
    const body = (await overview.json()) as { workflows: { name: string; total: number }[] };
    expect(body.workflows).toEqual([expect.objectContaining({ name: "ticket", total: 1 })]);
  });

  it("triggers an event with CSRF and same origin through Nest's body parser, recording the actor", async () => {
    const created = await runtime.createInstance({ workflowName: "ticket" });
    const session = (await (await call("/ops/dashboard/api/session", { user: "ops" })).json()) as {
      csrfToken: string;
    };
    const host = new URL(running.baseUrl).host;
    const post = (user: string, token: string) =>
      call(`/ops/dashboard/api/instances/${created.uuid}/events`, {
        method: "POST",
        user,
        headers: { "content-type": "application/json", "x-csrf-token": token, origin: `http://${host}` },
        body: JSON.stringify({ eventName: "Close" }),
      });
    expect((await post("ops", "forged")).status).toBe(403);
    expect((await post("viewer", session.csrfToken)).status).toBe(403);
    const done = await post("ops", session.csrfToken);
    expect(done.status).toBe(200);
    expect((await runtime.getInstance(created.uuid))?.currentState).toBe("closed");
    const [latest] = await runtime.getHistory(created.uuid, { limit: 1 });
    expect(latest.triggerMetadata).toEqual({ dashboard: { actor: "ops-alice" } });
  });

  it("leaves the application's own routes and 404s to Nest", async () => {
    expect(await (await call("/health")).json()).toEqual({ ok: true });
    const missing = await call("/nowhere");
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { message: string }).message).toContain("Cannot GET /nowhere");
  });
});
