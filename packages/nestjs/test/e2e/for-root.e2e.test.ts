import "reflect-metadata";
import { SimulatedClock } from "@duraflows/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WORKFLOW_IDEMPOTENCY_STORE, WORKFLOW_EXECUTION_STORE } from "../../src/index.js";
import { createExplicitCommandsAppModule } from "../fixtures/apps/explicit-commands.app.js";
import { http, startHttpApp, type RunningApp } from "../support/http-app.js";
import { orderWorkflowHttpErrorScenarios } from "../support/order-http-error-scenarios.js";
import { orderWorkflowHttpScenarios } from "../support/order-http-scenarios.js";
import { createPgFixture, type PgFixture } from "../support/pg-persistence.js";

describe("e2e: WorkflowModule.forRoot with explicit commands, over HTTP, on PostgreSQL", () => {
  let pg: PgFixture;
  let running: RunningApp;
  const clock = new SimulatedClock(new Date("2030-01-01T00:00:00.000Z"));

  beforeAll(async () => {
    pg = await createPgFixture("nestjs_for_root");
    running = await startHttpApp(createExplicitCommandsAppModule(pg.persistence, clock));
  });

  afterAll(async () => {
    await running?.close();
    await pg?.database.drop();
  });

  it("injects the pg idempotency and execution stores", () => {
    expect(running.app.get(WORKFLOW_IDEMPOTENCY_STORE)).toBe(pg.persistence.idempotencyStore);
    expect(running.app.get(WORKFLOW_EXECUTION_STORE)).toBe(pg.persistence.executionStore);
  });

  orderWorkflowHttpScenarios(() => ({ baseUrl: running.baseUrl, clock, pg }));
  orderWorkflowHttpErrorScenarios(() => ({ baseUrl: running.baseUrl, clock, pg }));

  it("leaves an oversized body to Express's default limit (413) and writes nothing", async () => {
    const before = await pg.counts();
    const answer = await http(running.baseUrl, "POST", "/workflows", {
      json: { workflowName: "order", context: { blob: "x".repeat(1024 * 1024) } },
    });
    expect(answer.status).toBe(413);
    expect(await pg.counts()).toEqual(before);
  });
});
