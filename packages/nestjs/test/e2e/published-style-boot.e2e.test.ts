import "reflect-metadata";
import { SimulatedClock } from "@duraflows/core/testing";
import { createTestDatabase, type TestDatabase } from "@duraflows/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CarrierDesk, createPublishedStyleAppModule } from "../fixtures/apps/published-style.app.js";
import { http, startHttpApp, type RunningApp } from "../support/http-app.js";

// An application written for the published packages boots on a fresh database, serves its workflow over HTTP,
// and boots again on the same database (its schema script applied a second time) with its instances intact.
describe("e2e: a published-style application boots, restarts and runs its workflow over HTTP, on PostgreSQL", () => {
  let database: TestDatabase;
  let running: RunningApp | undefined;
  const clock = new SimulatedClock(new Date("2031-03-01T08:00:00.000Z"));
  const boot = async () => startHttpApp(createPublishedStyleAppModule(database.url, clock));
  const call = (method: string, path: string, json?: unknown) =>
    http(running!.baseUrl, method, path, json === undefined ? undefined : { json });
  const created: Record<string, string> = {};

  beforeAll(async () => {
    database = await createTestDatabase("nestjs_published_boot");
  });

  afterAll(async () => {
    await running?.close();
    await database?.drop();
  });

  it("boots on a fresh database", async () => {
    running = await boot();
    const { rows } = await database.createPool().query<{
      n: string;
    }>("SELECT count(*) AS n FROM workflow_definitions WHERE workflow_name = 'shipment'");
    expect(Number(rows[0]!.n)).toBe(1);
  });

  it("drives the happy path: create, book (command with an injected dependency), deliver", async () => {
    const instance = await call("POST", "/workflows", {
      workflowName: "shipment",
      context: { carrier: "acme" },
    });
    expect(instance).toMatchObject({ status: 201, body: { currentState: "pending", definitionVersion: 1 } });
    created.happy = instance.body.uuid;

    const booked = await call("POST", `/workflows/${created.happy}/events/Book`, {});
    expect(booked).toMatchObject({
      status: 201,
      body: { outcome: "success", fromState: "pending", toState: "booked", commandResults: [{ ok: true }] },
    });
    expect(running!.app.get(CarrierDesk).bookings).toEqual(["acme"]);

    const delivered = await call("POST", `/workflows/${created.happy}/events/Deliver`, {});
    expect(delivered).toMatchObject({ status: 201, body: { outcome: "success", toState: "delivered" } });
    expect((await call("GET", `/workflows/${created.happy}`)).body).toMatchObject({
      currentState: "delivered",
      context: { carrier: "acme", trackingNumber: "TRK-acme", notified: true },
    });
  });

  it("routes a failing command into the errorState", async () => {
    const instance = await call("POST", "/workflows", {
      workflowName: "shipment",
      context: { carrier: "none" },
    });
    created.failed = instance.body.uuid;
    const answer = await call("POST", `/workflows/${created.failed}/events/Book`, {});
    expect(answer).toMatchObject({
      status: 201,
      body: {
        outcome: "failure",
        fromState: "pending",
        toState: "bookingFailed",
        commandResults: [{ ok: false, code: "NO_CARRIER" }],
      },
    });
    const history = await call("GET", `/workflows/${created.failed}/history`);
    expect(history.status).toBe(200);
    expect(history.body[0]).toMatchObject({
      eventName: "Book",
      toState: "bookingFailed",
      outcome: "failure",
      errorMessage: expect.stringContaining("no carrier accepts this parcel"),
    });
  });

  it("fires a due timeout through POST /workflows/timeouts/process", async () => {
    const instance = await call("POST", "/workflows", {
      workflowName: "shipment",
      context: { carrier: "slow" },
    });
    created.expiring = instance.body.uuid;
    expect(instance.body.expiresAt).toBe("2031-03-01T10:00:00.000Z");

    const early = await call("POST", "/workflows/timeouts/process?limit=10");
    expect(early).toMatchObject({ status: 201, body: { processed: 0 } });

    clock.advance(2 * 60 * 60 * 1000 + 1000);
    const due = await call("POST", "/workflows/timeouts/process?limit=10");
    expect(due).toMatchObject({ status: 201, body: { processed: 1, failed: [], parked: [] } });
    expect((await call("GET", `/workflows/${created.expiring}`)).body).toMatchObject({
      currentState: "expired",
      expiresAt: null,
    });
  });

  it("boots again on the same database (the schema script runs a second time) with every instance intact", async () => {
    await running!.close();
    running = undefined;
    running = await boot();

    expect((await call("GET", `/workflows/${created.happy}`)).body).toMatchObject({
      currentState: "delivered",
    });
    expect((await call("GET", `/workflows/${created.failed}`)).body).toMatchObject({
      currentState: "bookingFailed",
    });
    expect((await call("GET", `/workflows/${created.expiring}`)).body).toMatchObject({
      currentState: "expired",
    });

    const instance = await call("POST", "/workflows", {
      workflowName: "shipment",
      context: { carrier: "zeta" },
    });
    expect(instance).toMatchObject({ status: 201, body: { definitionVersion: 1 } });
    const booked = await call("POST", `/workflows/${instance.body.uuid}/events/Book`, {});
    expect(booked).toMatchObject({ status: 201, body: { outcome: "success", toState: "booked" } });
    expect(running.app.get(CarrierDesk).bookings).toEqual(["zeta"]);
  });
});
