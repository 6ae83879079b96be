import "reflect-metadata";
import { randomUUID } from "node:crypto";
import { Module } from "@nestjs/common";
import { generateMigrationSql, pgWorkflowProviders } from "@duraflows/pg";
import { createTestDatabase, type TestDatabase } from "@duraflows/test-support";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WORKFLOW_EXECUTION_STORE, WorkflowModule } from "../../src/index.js";
import { cancellableGuard, orderWorkflow } from "../fixtures/order-workflow.js";
import { http, startHttpApp, type RunningApp } from "../support/http-app.js";
import { explicitOrderCommands } from "../support/order-commands.js";

// An application whose persistence provider has no execution store still mounts the durable routes; each must
// say what is missing (501) instead of failing with a sanitized 500.
describe("e2e: durable execution routes without an execution store, over HTTP, on PostgreSQL", () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let running: RunningApp;

  beforeAll(async () => {
    database = await createTestDatabase("nestjs_no_exec_store");
    pool = database.createPool();
    await pool.query(generateMigrationSql().up);
    @Module({
      imports: [
        WorkflowModule.forRoot({
          workflows: [orderWorkflow],
          commands: explicitOrderCommands,
          guards: [cancellableGuard],
          persistence: pgWorkflowProviders(pool),
          enableControllers: true,
        }),
      ],
    })
    class NoExecutionStoreAppModule {}
    running = await startHttpApp(NoExecutionStoreAppModule);
  });

  afterAll(async () => {
    await running?.close();
    await database?.drop();
  });

  const expectNotImplemented = (answer: { status: number; body: any }) => {
    expect(answer.status).toBe(501);
    expect(answer.body).toMatchObject({ statusCode: 501, error: "Not Implemented" });
    expect(answer.body.message).toContain("`executionStore`");
    expect(answer.body.message).toContain("durableExecution: true");
  };

  it("has no execution store to inject", () => {
    expect(running.app.get(WORKFLOW_EXECUTION_STORE)).toBeNull();
  });

  it("answers 501 naming the missing executionStore on every durable route, and writes nothing", async () => {
    const created = await http(running.baseUrl, "POST", "/workflows", { json: { workflowName: "order" } });
    expect(created.status).toBe(201);
    const uuid = created.body.uuid as string;
    const execution = randomUUID();

    expectNotImplemented(
      await http(running.baseUrl, "POST", `/workflows/${uuid}/executions/Pay`, {
        json: { idempotencyKey: "pay-1" },
      }),
    );
    expectNotImplemented(
      await http(running.baseUrl, "POST", `/workflows/${uuid}/executions/Pay`, { json: {} }),
    );
    expectNotImplemented(await http(running.baseUrl, "POST", "/workflows/executions/process?limit=5"));
    expectNotImplemented(await http(running.baseUrl, "GET", `/workflows/executions/${execution}`));
    expectNotImplemented(await http(running.baseUrl, "POST", `/workflows/executions/${execution}/retry`));
    expectNotImplemented(await http(running.baseUrl, "POST", `/workflows/executions/${execution}/cancel`));

    const instance = await http(running.baseUrl, "GET", `/workflows/${uuid}`);
    expect(instance.body).toMatchObject({ currentState: "new", version: created.body.version });
  });

  it("still validates the request first (400 for a malformed execution uuid)", async () => {
    const answer = await http(running.baseUrl, "GET", "/workflows/executions/not-a-uuid");
    expect(answer.status).toBe(400);
  });

  it("keeps the synchronous routes working", async () => {
    const created = await http(running.baseUrl, "POST", "/workflows", { json: { workflowName: "order" } });
    const paid = await http(running.baseUrl, "POST", `/workflows/${created.body.uuid}/events/Pay`, {
      json: {},
    });
    expect(paid).toMatchObject({ status: 201, body: { outcome: "success", toState: "shipped" } });
  });
});
