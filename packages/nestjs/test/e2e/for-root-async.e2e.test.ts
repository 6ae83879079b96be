import "reflect-metadata";
import type { NestExpressApplication } from "@nestjs/platform-express";
import { SimulatedClock } from "@duraflows/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WORKFLOW_CLOCK, WORKFLOW_COMMAND_REGISTRY, type NestCommandRegistry } from "../../src/index.js";
import { createDecoratedCommandsAppModule, ShippingLabels } from "../fixtures/apps/decorated-commands.app.js";
import { http, startHttpApp, type RunningApp } from "../support/http-app.js";
import { orderWorkflowHttpErrorScenarios } from "../support/order-http-error-scenarios.js";
import { orderWorkflowHttpScenarios } from "../support/order-http-scenarios.js";
import { createPgFixture, type PgFixture } from "../support/pg-persistence.js";

describe("e2e: WorkflowModule.forRootAsync with inject and @WorkflowCommand discovery, over HTTP, on PostgreSQL", () => {
  let pg: PgFixture;
  let running: RunningApp;
  const clock = new SimulatedClock(new Date("2030-01-01T00:00:00.000Z"));

  beforeAll(async () => {
    pg = await createPgFixture("nestjs_for_root_async");
    running = await startHttpApp(createDecoratedCommandsAppModule(pg.persistence, clock), (app) => {
      // A raised body limit lets the 1 MB request reach validation.
      (app as NestExpressApplication).useBodyParser("json", { limit: "2mb" });
    });
  });

  afterAll(async () => {
    await running?.close();
    await pg?.database.drop();
  });

  it("uses the injected clock and merges discovered and explicit commands", () => {
    expect(running.app.get(WORKFLOW_CLOCK)).toBe(clock);
    const registry = running.app.get<NestCommandRegistry>(WORKFLOW_COMMAND_REGISTRY);
    expect([...registry.getRegisteredNames()].sort()).toEqual([
      "auditOrder",
      "chargePayment",
      "reserveStock",
      "shipOrder",
    ]);
  });

  orderWorkflowHttpScenarios(() => ({ baseUrl: running.baseUrl, clock, pg }));
  orderWorkflowHttpErrorScenarios(() => ({ baseUrl: running.baseUrl, clock, pg }));

  it("resolves decorated commands with their own injected dependencies", async () => {
    const created = await http(running.baseUrl, "POST", "/workflows", {
      json: { workflowName: "order", context: { orderId: 77 } },
    });
    await http(running.baseUrl, "POST", `/workflows/${created.body.uuid}/events/Pay`, { json: {} });
    expect(running.app.get(ShippingLabels).printed).toContain("77");
  });

  it("rejects a 1 MB body with an unknown field with 400 and writes nothing", async () => {
    const before = await pg.counts();
    const answer = await http(running.baseUrl, "POST", "/workflows", {
      json: { workflowName: "order", padding: "x".repeat(1024 * 1024) },
    });
    expect(answer).toEqual({
      status: 400,
      body: { statusCode: 400, error: "Bad Request", message: ["property padding should not exist"] },
    });
    expect(await pg.counts()).toEqual(before);
  });
});
