import "reflect-metadata";
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createTestDatabase, type TestDatabase } from "@duraflows/test-support";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Type } from "@nestjs/common";
import { http, startHttpApp, type RunningApp } from "../support/http-app.js";

/** The tutorial's files (type-checked by the docs build, loaded here as they are). */
const tutorial = (file: string): string =>
  fileURLToPath(new URL(`../../../../docs/snippets/nest-tutorial/${file}`, import.meta.url));

// The NestJS tutorial's files, booted as they are printed in docs/nestjs-integration.md, answering the steps of
// its curl session; then booted again on the same database (the migration must notice the existing schema).
describe("e2e: the NestJS tutorial application, over HTTP, on PostgreSQL", () => {
  let database: TestDatabase;
  let running: RunningApp | undefined;
  const previousUrl = process.env["DATABASE_URL"];
  const call = (method: string, path: string, json?: unknown) =>
    http(running!.baseUrl, method, path, json === undefined ? undefined : { json });
  let order = "";
  let AppModule: Type;
  let PG_POOL: symbol;

  beforeAll(async () => {
    database = await createTestDatabase("nestjs_tutorial");
    process.env["DATABASE_URL"] = database.url;
    ({ AppModule } = (await import(tutorial("app.module.ts"))) as { AppModule: Type });
    ({ PG_POOL } = (await import(tutorial("database.module.ts"))) as { PG_POOL: symbol });
    running = await startHttpApp(AppModule);
  });

  afterAll(async () => {
    await running?.close();
    if (previousUrl === undefined) delete process.env["DATABASE_URL"];
    else process.env["DATABASE_URL"] = previousUrl;
    await database?.drop();
  });

  it("creates an order and lists its events (steps 1–2)", async () => {
    const created = await call("POST", "/workflows", {
      workflowName: "order",
      context: { orderId: "A-1", amount: 250 },
    });
    expect(created).toMatchObject({ status: 201, body: { currentState: "new", definitionVersion: 1 } });
    order = created.body.uuid;
    const events = await call("GET", `/workflows/${order}/events`);
    expect(events.status).toBe(200);
    expect(events.body.map((event: { eventName: string }) => event.eventName).sort()).toEqual([
      "Expire",
      "Pay",
    ]);
  });

  it("pays with an idempotency key, and the replay returns the identical body (steps 3–4)", async () => {
    const paid = await call("POST", `/workflows/${order}/events/Pay`, { idempotencyKey: "pay-A-1" });
    expect(paid).toMatchObject({
      status: 201,
      body: {
        outcome: "success",
        fromState: "new",
        toState: "paid",
        commandResults: [{ ok: true, metadata: { reference: "pay-A-1" } }],
      },
    });
    const replay = await call("POST", `/workflows/${order}/events/Pay`, { idempotencyKey: "pay-A-1" });
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(paid.body);
  });

  it("ships, reads the instance and its history, and refuses an unavailable event (steps 5–6)", async () => {
    expect((await call("POST", `/workflows/${order}/events/Ship`, {})).status).toBe(201);
    expect((await call("GET", `/workflows/${order}`)).body).toMatchObject({
      currentState: "shipped",
      context: { orderId: "A-1", paymentReference: "pay-A-1" },
    });
    const history = await call("GET", `/workflows/${order}/history?limit=10`);
    expect(history.body.map((record: { toState: string }) => record.toState).slice(0, 2)).toEqual([
      "shipped",
      "paid",
    ]);
    expect((await call("POST", `/workflows/${order}/events/Pay`, {})).status).toBe(409);
  });

  it("routes a declined card to paymentFailed and sweeps timeouts on demand (steps 7–8)", async () => {
    const big = await call("POST", "/workflows", {
      workflowName: "order",
      context: { orderId: "A-2", amount: 5000 },
    });
    const declined = await call("POST", `/workflows/${big.body.uuid}/events/Pay`, {});
    expect(declined).toMatchObject({
      status: 201,
      body: {
        outcome: "failure",
        toState: "paymentFailed",
        commandResults: [{ ok: false, code: "DECLINED" }],
      },
    });
    expect(await call("POST", "/workflows/timeouts/process?limit=100")).toMatchObject({
      status: 201,
      body: { processed: 0 },
    });
  });

  it("answers the tutorial's curl session, run as printed", async () => {
    const script = fileURLToPath(
      new URL("../../../../docs/snippets/nest-tutorial/curl-session.sh", import.meta.url),
    );
    const { stdout } = await promisify(execFile)("bash", [script], {
      env: { ...process.env, BASE: running!.baseUrl },
      timeout: 30_000,
    });
    const compact = stdout.replace(/\s+/g, "");
    expect(compact).toContain('"currentState":"new"');
    expect(compact).toContain('"fromState":"new","toState":"paid"');
    expect(compact).toContain('"currentState":"shipped"');
    expect(compact).toContain('"statusCode":409');
    expect(compact).toContain('"toState":"paymentFailed"');
    expect(compact).toContain('"code":"DECLINED"');
  });

  it("closes its pool on shutdown and boots again on the migrated database", async () => {
    const pool = running!.app.get<pg.Pool>(PG_POOL);
    await running!.close();
    running = undefined;
    expect(pool.ended).toBe(true);

    running = await startHttpApp(AppModule);
    expect((await call("GET", `/workflows/${order}`)).body).toMatchObject({ currentState: "shipped" });
  });
});
