import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { http, type HttpBody } from "./http-app.js";
import type { OrderAppContext } from "./order-http-scenarios.js";

const SANITIZED_500 = { statusCode: 500, error: "Internal Server Error", message: "Internal server error" };

/**
 * Every row of the exception filter table produced by a real request (404, 409, 400, sanitized 500, and the
 * 400 for an unregistered workflow), plus malformed requests that must answer 400 and write nothing.
 */
export function orderWorkflowHttpErrorScenarios(context: () => OrderAppContext): void {
  const call = (method: string, path: string, body?: HttpBody) => http(context().baseUrl, method, path, body);
  const create = async () => {
    const answer = await call("POST", "/workflows", { json: { workflowName: "order" } });
    expect(answer.status).toBe(201);
    return answer.body as { uuid: string };
  };

  it("answers 404 for unknown instances and executions", async () => {
    const ghost = randomUUID();
    const message = `Workflow instance "${ghost}" not found`;
    expect(await call("GET", `/workflows/${ghost}`)).toEqual({
      status: 404,
      body: { statusCode: 404, error: "Not Found", message },
    });
    expect(await call("POST", `/workflows/${ghost}/events/Pay`, { json: {} })).toEqual({
      status: 404,
      body: { statusCode: 404, error: "Not Found", message },
    });
    expect((await call("GET", `/workflows/${ghost}/events`)).status).toBe(404);
    expect(await call("GET", `/workflows/${ghost}/history`)).toEqual({
      status: 404,
      body: { statusCode: 404, error: "Not Found", message },
    });
    expect(await call("GET", `/workflows/executions/${ghost}`)).toEqual({
      status: 404,
      body: { statusCode: 404, error: "Not Found", message: "Durable execution not found" },
    });
  });

  it("answers 200 with an empty page for a history offset past the end of a known instance", async () => {
    const { uuid } = await create();
    expect(await call("GET", `/workflows/${uuid}/history?offset=400`)).toEqual({ status: 200, body: [] });
  });

  it("answers 409 for an event not available in the current state", async () => {
    const { uuid } = await create();
    expect(await call("POST", `/workflows/${uuid}/events/Deliver`, { json: {} })).toEqual({
      status: 409,
      body: {
        statusCode: 409,
        error: "Conflict",
        message: `Event "Deliver" is not available on state "new" for instance "${uuid}"`,
      },
    });
  });

  it("sanitizes a CommandFailureError to 500 and rolls back", async () => {
    const { uuid } = await create();
    const before = await context().pg.counts();
    const answer = await call("POST", `/workflows/${uuid}/events/Audit`, { json: {} });
    expect(answer).toEqual({ status: 500, body: SANITIZED_500 });
    expect(JSON.stringify(answer.body)).not.toContain("hunter2");
    expect(await context().pg.counts()).toEqual(before);
  });

  it("answers 400 naming an unregistered workflow and writes nothing", async () => {
    const before = await context().pg.counts();
    expect(await call("POST", "/workflows", { json: { workflowName: "invoice" } })).toEqual({
      status: 400,
      body: { statusCode: 400, error: "Bad Request", message: 'Workflow "invoice" is not registered' },
    });
    expect(await context().pg.counts()).toEqual(before);
  });

  it("rejects malformed requests with Nest's standard 400 body and writes nothing", async () => {
    const { uuid } = await create();
    const before = await context().pg.counts();
    const cases: [string, string, HttpBody, unknown][] = [
      ["GET", "/workflows/not-a-uuid", undefined, "Validation failed (uuid is expected)"],
      ["POST", "/workflows/not-a-uuid/events/Pay", { json: {} }, ["workflowInstanceUuid must be a UUID"]],
      ["GET", "/workflows/not-a-uuid/history", undefined, ["workflowInstanceUuid must be a UUID"]],
      [
        "POST",
        "/workflows",
        { json: { workflowName: "order", extra: 1 } },
        ["property extra should not exist"],
      ],
      ["POST", "/workflows", { json: { workflowName: 5 } }, ["workflowName must be a string"]],
      [
        "POST",
        "/workflows",
        { json: { workflowName: "order", context: "x" } },
        ["context must be an object"],
      ],
      [
        "POST",
        `/workflows/${uuid}/events/Pay`,
        { json: { subject: 1, bogus: true } },
        ["property bogus should not exist"],
      ],
      [
        "POST",
        `/workflows/${uuid}/events/Pay`,
        { json: { triggerMetadata: [] } },
        ["triggerMetadata must be an object"],
      ],
      ["GET", `/workflows/${uuid}/history?limit=501`, undefined, ["limit must not be greater than 500"]],
      ["GET", `/workflows/${uuid}/history?limit=0`, undefined, ["limit must not be less than 1"]],
      ["GET", `/workflows/${uuid}/history?offset=-1`, undefined, ["offset must not be less than 0"]],
      [
        "GET",
        `/workflows/${uuid}/history?limit=abc`,
        undefined,
        [
          "limit must not be greater than 500",
          "limit must not be less than 1",
          "limit must be an integer number",
        ],
      ],
      ["GET", `/workflows/${uuid}/history?page=2`, undefined, ["property page should not exist"]],
      ["POST", "/workflows/timeouts/process?limit=1001", undefined, ["limit must not be greater than 1000"]],
      ["POST", "/workflows/executions/process?limit=0", undefined, ["limit must not be less than 1"]],
      [
        "POST",
        "/workflows",
        { raw: "workflowName=order", contentType: "text/plain" },
        ["workflowName must be a string"],
      ],
    ];
    for (const [method, path, body, message] of cases) {
      const answer = await call(method, path, body);
      expect({ method, path, answer }).toEqual({
        method,
        path,
        answer: { status: 400, body: { statusCode: 400, error: "Bad Request", message } },
      });
    }
    const broken = await call("POST", "/workflows", {
      raw: '{"workflowName": "order"',
      contentType: "application/json",
    });
    expect(broken.status).toBe(400);
    expect(broken.body).toMatchObject({ statusCode: 400, error: "Bad Request" });
    expect(await context().pg.counts()).toEqual(before);
  });
}
