import "reflect-metadata";
import { Module } from "@nestjs/common";
import { generateMigrationSql, pgWorkflowProviders } from "@duraflows/pg";
import { createTestDatabase, type TestDatabase } from "@duraflows/test-support";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WorkflowModule } from "../../src/index.js";
import { cancellableGuard, orderWorkflow } from "../fixtures/order-workflow.js";
import { startHttpApp, type RunningApp } from "../support/http-app.js";
import { explicitOrderCommands } from "../support/order-commands.js";

// A request that cannot take an instance's row lock within `lockTimeoutMs` gets PostgreSQL's 55P03 from the
// driver; over HTTP that must be a 503 the client can retry, not a 500.
describe("e2e: a lock timeout over HTTP answers 503 with Retry-After, on PostgreSQL", () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let running: RunningApp;

  beforeAll(async () => {
    database = await createTestDatabase("nestjs_lock_timeout");
    pool = database.createPool();
    await pool.query(generateMigrationSql().up);
    @Module({
      imports: [
        WorkflowModule.forRoot({
          workflows: [orderWorkflow],
          commands: explicitOrderCommands,
          guards: [cancellableGuard],
          persistence: pgWorkflowProviders(pool, { lockTimeoutMs: 100 }),
          enableControllers: true,
        }),
      ],
    })
    class LockTimeoutAppModule {}
    running = await startHttpApp(LockTimeoutAppModule);
  });

  afterAll(async () => {
    await running?.close();
    await database?.drop();
  });

  it("answers 503 + Retry-After while another connection holds the row lock, then 201 once it is released", async () => {
    const created = await fetch(`${running.baseUrl}/workflows`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ workflowName: "order" }),
    });
    expect(created.status).toBe(201);
    const { uuid } = (await created.json()) as { uuid: string };

    const holder = await pool.connect();
    let blocked: Response;
    try {
      await holder.query("BEGIN");
      await holder.query("SELECT 1 FROM workflow_instances WHERE uuid = $1 FOR UPDATE", [uuid]);
      blocked = await fetch(`${running.baseUrl}/workflows/${uuid}/events/Pay`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      });
    } finally {
      await holder.query("ROLLBACK");
      holder.release();
    }

    expect(blocked.status).toBe(503);
    expect(blocked.headers.get("retry-after")).toBe("1");
    const body = (await blocked.json()) as { statusCode: number; error: string; message: string };
    expect(body).toEqual({
      statusCode: 503,
      error: "Service Unavailable",
      message: expect.stringContaining("lock timeout"),
    });
    const { rows } = await pool.query<{ current_state: string }>(
      "SELECT current_state FROM workflow_instances WHERE uuid = $1",
      [uuid],
    );
    expect(rows[0]!.current_state).toBe("new");

    const retried = await fetch(`${running.baseUrl}/workflows/${uuid}/events/Pay`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(retried.status).toBe(201);
    expect(await retried.json()).toMatchObject({ outcome: "success", toState: "shipped" });
  });
});
