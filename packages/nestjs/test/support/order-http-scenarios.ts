import type { SimulatedClock } from "@duraflows/core/testing";
import { expect, it } from "vitest";
import { http, type HttpBody } from "./http-app.js";
import type { PgFixture } from "./pg-persistence.js";

/** What the shared scenarios need from a booted fixture app. */
export interface OrderAppContext {
  baseUrl: string;
  clock: SimulatedClock;
  pg: PgFixture;
}

/**
 * The order-workflow scenarios run over real HTTP against PostgreSQL by both configuration styles: the happy
 * path with its onEnter chain, history, available events, timeouts, durable executions and idempotency. The
 * error rows of the filter table and malformed requests are in {@link orderWorkflowHttpErrorScenarios}.
 */
export function orderWorkflowHttpScenarios(context: () => OrderAppContext): void {
  const call = (method: string, path: string, body?: HttpBody) => http(context().baseUrl, method, path, body);
  const create = async (extra: Record<string, unknown> = {}) => {
    const answer = await call("POST", "/workflows", { json: { workflowName: "order", ...extra } });
    expect(answer.status).toBe(201);
    return answer.body as { uuid: string; currentState: string; context: Record<string, unknown> };
  };

  it("creates an instance (201) and reads it back (200)", async () => {
    const created = await create({ context: { orderId: 1, amount: 10 }, metadata: { tenant: "t1" } });
    expect(created).toMatchObject({
      workflowName: "order",
      currentState: "new",
      context: { orderId: 1, amount: 10 },
    });
    const read = await call("GET", `/workflows/${created.uuid}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ uuid: created.uuid, currentState: "new", metadata: { tenant: "t1" } });
    expect(typeof read.body.createdAt).toBe("string");
  });

  it("lists the available events of the current state", async () => {
    const { uuid } = await create();
    const answer = await call("GET", `/workflows/${uuid}/events`);
    expect(answer.status).toBe(200);
    expect(answer.body.map((e: { eventName: string }) => e.eventName)).toEqual([
      "Pay",
      "Cancel",
      "Audit",
      "Expire",
    ]);
    expect(answer.body[0]).toMatchObject({
      eventName: "Pay",
      targetState: "paid",
      hasCommands: true,
      hasTimeout: false,
    });
    expect(answer.body[3]).toMatchObject({ eventName: "Expire", hasTimeout: true });
  });

  it("triggers an event whose onEnter chain runs to the end, with history rows per hop", async () => {
    const { uuid } = await create({ context: { orderId: 2 } });
    const answer = await call("POST", `/workflows/${uuid}/events/Pay`, {
      json: { triggerMetadata: { by: "api" } },
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ outcome: "success", fromState: "new", toState: "shipped" });
    const instance = await call("GET", `/workflows/${uuid}`);
    expect(instance.body).toMatchObject({
      currentState: "shipped",
      context: { orderId: 2, charged: true, reserved: true, trackingNumber: "TRK-1" },
    });
    const history = await call("GET", `/workflows/${uuid}/history`);
    expect(history.status).toBe(200);
    const hops = history.body.map(
      (r: { fromState: string; toState: string }) => `${r.fromState}->${r.toState}`,
    );
    expect(hops.sort()).toEqual(["fulfilling->shipped", "new->paid", "paid->fulfilling"]);
    const page = await call("GET", `/workflows/${uuid}/history?limit=1&offset=2`);
    expect(page.status).toBe(200);
    expect(page.body).toHaveLength(1);
    const delivered = await call("POST", `/workflows/${uuid}/events/Deliver`, { json: {} });
    expect(delivered.body).toMatchObject({ outcome: "success", fromState: "shipped", toState: "delivered" });
  });

  it("routes a business failure to the error state and records a guard rejection", async () => {
    const failing = await create({ context: { amount: -1 } });
    const failed = await call("POST", `/workflows/${failing.uuid}/events/Pay`, { json: {} });
    expect(failed.status).toBe(201);
    expect(failed.body).toMatchObject({ outcome: "failure", toState: "paymentFailed" });
    const guarded = await create();
    const rejected = await call("POST", `/workflows/${guarded.uuid}/events/Cancel`, {
      json: { subject: { blocked: true } },
    });
    expect(rejected.status).toBe(201);
    expect(rejected.body).toMatchObject({
      outcome: "guard-rejected",
      rejectedBy: "cancellable",
      toState: "new",
    });
  });

  it("processes timeouts with the controllable clock (201)", async () => {
    const { uuid } = await create();
    const early = await call("POST", "/workflows/timeouts/process?limit=1000");
    expect(early.status).toBe(201);
    expect((await call("GET", `/workflows/${uuid}`)).body.currentState).toBe("new");
    context().clock.advanceDays(2);
    const answer = await call("POST", "/workflows/timeouts/process");
    expect(answer.status).toBe(201);
    expect(answer.body.processed).toBeGreaterThanOrEqual(1);
    expect(answer.body).toMatchObject({ failed: [], parked: [] });
    expect((await call("GET", `/workflows/${uuid}`)).body.currentState).toBe("expired");
  });

  it("replays a keyed event with the identical body and answers 409 on key reuse", async () => {
    const { uuid } = await create();
    const first = await call("POST", `/workflows/${uuid}/events/Pay`, {
      json: { idempotencyKey: "pay-1", idempotencyFingerprint: "f1" },
    });
    expect(first.status).toBe(201);
    const replay = await call("POST", `/workflows/${uuid}/events/Pay`, {
      json: { idempotencyKey: "pay-1", idempotencyFingerprint: "f1" },
    });
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(first.body);
    const conflict = await call("POST", `/workflows/${uuid}/events/Cancel`, {
      json: { idempotencyKey: "pay-1" },
    });
    expect(conflict).toEqual({
      status: 409,
      body: {
        statusCode: 409,
        error: "Conflict",
        message: `Idempotency key was reused with a different event or fingerprint for instance "${uuid}"`,
      },
    });
  });

  it("answers 400 for an invalid idempotency key and writes nothing", async () => {
    const { uuid } = await create();
    const before = await context().pg.counts();
    const blank = await call("POST", `/workflows/${uuid}/events/Pay`, { json: { idempotencyKey: "   " } });
    expect(blank.status).toBe(400);
    expect(blank.body).toMatchObject({ statusCode: 400, error: "Bad Request" });
    expect(typeof blank.body.message).toBe("string");
    const fingerprintOnly = await call("POST", `/workflows/${uuid}/events/Pay`, {
      json: { idempotencyFingerprint: "f" },
    });
    expect(fingerprintOnly.status).toBe(400);
    const nullKey = await call("POST", `/workflows/${uuid}/events/Pay`, { json: { idempotencyKey: null } });
    expect(nullKey.body).toEqual({
      statusCode: 400,
      error: "Bad Request",
      message: ["idempotencyKey must be a string"],
    });
    expect(await context().pg.counts()).toEqual(before);
  });

  it("runs durable executions: enqueue 201, busy 409 on the event route, process, get", async () => {
    const { uuid } = await create({ context: { orderId: 3 } });
    const missingKey = await call("POST", `/workflows/${uuid}/executions/Pay`, { json: {} });
    expect(missingKey.body).toEqual({
      statusCode: 400,
      error: "Bad Request",
      message: "enqueueEvent requires idempotencyKey",
    });
    const enqueued = await call("POST", `/workflows/${uuid}/executions/Pay`, {
      json: { idempotencyKey: "q-1" },
    });
    expect(enqueued.status).toBe(201);
    expect(enqueued.body).toMatchObject({ workflowInstanceUuid: uuid, eventName: "Pay", status: "pending" });
    expect(await call("POST", `/workflows/${uuid}/events/Cancel`, { json: {} })).toEqual({
      status: 409,
      body: {
        statusCode: 409,
        error: "Conflict",
        message: `Instance "${uuid}" has an active durable execution`,
      },
    });
    // A worker pass checkpoints command by command, so the execution may need several passes.
    const passes: { completed: string[]; progressed: string[] }[] = [];
    for (let pass = 0; pass < 10 && !passes.some((p) => p.completed.includes(enqueued.body.uuid)); pass++) {
      const processed = await call("POST", "/workflows/executions/process?limit=10");
      expect(processed.status).toBe(201);
      passes.push(processed.body);
    }
    expect(passes.at(-1)!.completed).toContain(enqueued.body.uuid);
    const execution = await call("GET", `/workflows/executions/${enqueued.body.uuid}`);
    expect(execution.status).toBe(200);
    expect(execution.body).toMatchObject({ status: "completed", result: { toState: "shipped" } });
    expect((await call("GET", `/workflows/${uuid}`)).body.currentState).toBe("shipped");
  });

  it("parks a failing durable execution, then retries and cancels it", async () => {
    const { uuid } = await create();
    const enqueued = await call("POST", `/workflows/${uuid}/executions/Audit`, {
      json: { idempotencyKey: "audit-1" },
    });
    expect(enqueued.status).toBe(201);
    const processed = await call("POST", "/workflows/executions/process");
    expect(processed.body.parked).toContain(enqueued.body.uuid);
    const retried = await call("POST", `/workflows/executions/${enqueued.body.uuid}/retry`);
    expect(retried.status).toBe(201);
    expect(retried.body).toMatchObject({ status: "pending", attempts: 0 });
    const cancelled = await call("POST", `/workflows/executions/${enqueued.body.uuid}/cancel`);
    expect(cancelled.status).toBe(201);
    expect(cancelled.body.status).toBe("cancelled");
    const again = await call("POST", `/workflows/executions/${enqueued.body.uuid}/retry`);
    expect(again.status).toBe(400);
    expect((await call("POST", "/workflows/executions/not-a-uuid/cancel")).status).toBe(400);
  });
}
