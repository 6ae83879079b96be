import "reflect-metadata";
import { Module } from "@nestjs/common";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WorkflowModule } from "../../src/index.js";
import { cancellableGuard, orderWorkflow } from "../fixtures/order-workflow.js";
import { http, startHttpApp, type HttpBody, type RunningApp } from "../support/http-app.js";
import { explicitOrderCommands } from "../support/order-commands.js";
import { createPgFixture, type PgFixture } from "../support/pg-persistence.js";

// Every route of the REST controllers, fed values of every wrong shape in bodies, paths and queries: each answer
// is a deliberate 4xx (or 501), never a 500 from an unhandled throw, and nothing is written.

const HOSTILE_VALUES: unknown[] = [
  null,
  true,
  -1,
  1.5,
  1e308,
  "",
  "x".repeat(20_000),
  "<script>alert(1)</script>",
  "'; DROP TABLE workflow_instances; --",
  "\u0000",
  "$reserved",
  [],
  [1, "two"],
  {},
  { __proto__: { polluted: true } },
  JSON.parse('{"__proto__": {"polluted": true}}'),
  { deep: { deeper: { deepest: [null, { x: 1 }] } } },
];
const PATH_VALUES = ["not-a-uuid", "%00", "%E0%A4%A", "..%2F..", "x".repeat(300), "$Pay", "%20"];
const QUERY_VALUES = ["", "-1", "0", "1.5", "1e9", "abc", "[]", "x".repeat(600)];

describe("e2e: REST routes under hostile input, over HTTP, on PostgreSQL", () => {
  let fixture: PgFixture;
  let running: RunningApp;
  let uuid: string;

  beforeAll(async () => {
    fixture = await createPgFixture("nestjs_hostile_input");
    @Module({
      imports: [
        WorkflowModule.forRoot({
          workflows: [orderWorkflow],
          commands: explicitOrderCommands,
          guards: [cancellableGuard],
          persistence: fixture.persistence,
          enableControllers: true,
        }),
      ],
    })
    class HostileAppModule {}
    running = await startHttpApp(HostileAppModule);
    const created = await http(running.baseUrl, "POST", "/workflows", { json: { workflowName: "order" } });
    expect(created.status).toBe(201);
    uuid = created.body.uuid as string;
  });

  afterAll(async () => {
    await running?.close();
    await fixture?.database.drop();
  });

  async function expectDeliberate(method: string, path: string, body?: HttpBody, failures: string[] = []) {
    const answer = await http(running.baseUrl, method, path, body);
    if (answer.status >= 500 && answer.status !== 501) {
      failures.push(`${method} ${path} ${body ? JSON.stringify(body).slice(0, 120) : ""} → ${answer.status}`);
    }
    return failures;
  }

  const malformedBodies = (): HttpBody[] => [
    { json: null },
    { json: [] },
    { json: "text" },
    { raw: "{not json", contentType: "application/json" },
    { raw: "a=1", contentType: "application/x-www-form-urlencoded" },
  ];

  it("answers every body field of the event route with a deliberate status, writing nothing", async () => {
    // Deliver is not available in "new": a body that passes validation gets a 409, so nothing is ever written.
    const fields = ["subject", "triggerMetadata", "idempotencyKey", "idempotencyFingerprint"];
    const failures: string[] = [];
    const before = await fixture.counts();
    const bodies = malformedBodies();
    for (const field of fields) for (const value of HOSTILE_VALUES) bodies.push({ json: { [field]: value } });
    for (const body of bodies)
      await expectDeliberate("POST", `/workflows/${uuid}/events/Deliver`, body, failures);
    expect(failures).toEqual([]);
    expect(await fixture.counts()).toEqual(before);
  }, 180_000);

  it("answers every body field of the create and enqueue routes with a deliberate status", async () => {
    const failures: string[] = [];
    const create = malformedBodies();
    for (const field of ["workflowName", "context", "metadata", "triggerMetadata"]) {
      for (const value of HOSTILE_VALUES) create.push({ json: { workflowName: "order", [field]: value } });
    }
    for (const body of create) await expectDeliberate("POST", "/workflows", body, failures);
    const enqueue = malformedBodies();
    for (const field of ["subject", "triggerMetadata", "idempotencyKey", "idempotencyFingerprint"]) {
      for (const value of HOSTILE_VALUES) enqueue.push({ json: { idempotencyKey: "k", [field]: value } });
    }
    for (const body of enqueue)
      await expectDeliberate("POST", `/workflows/${uuid}/executions/Deliver`, body, failures);
    expect(failures).toEqual([]);
  }, 180_000);

  it("answers hostile path segments and query values with a deliberate status", async () => {
    const failures: string[] = [];
    for (const value of PATH_VALUES) {
      await expectDeliberate("GET", `/workflows/${value}`, undefined, failures);
      await expectDeliberate("GET", `/workflows/${value}/events`, undefined, failures);
      await expectDeliberate("GET", `/workflows/${value}/history`, undefined, failures);
      await expectDeliberate("POST", `/workflows/${value}/events/Cancel`, { json: {} }, failures);
      await expectDeliberate("POST", `/workflows/${uuid}/events/${value}`, { json: {} }, failures);
      await expectDeliberate("GET", `/workflows/executions/${value}`, undefined, failures);
      await expectDeliberate("POST", `/workflows/executions/${value}/retry`, undefined, failures);
      await expectDeliberate("POST", `/workflows/executions/${value}/cancel`, undefined, failures);
    }
    for (const value of QUERY_VALUES) {
      const q = encodeURIComponent(value);
      await expectDeliberate("GET", `/workflows/${uuid}/history?limit=${q}`, undefined, failures);
      await expectDeliberate("GET", `/workflows/${uuid}/history?offset=${q}`, undefined, failures);
      await expectDeliberate("POST", `/workflows/timeouts/process?limit=${q}`, undefined, failures);
      await expectDeliberate("POST", `/workflows/executions/process?limit=${q}`, undefined, failures);
    }
    expect(failures).toEqual([]);
    const instance = await http(running.baseUrl, "GET", `/workflows/${uuid}`);
    expect(instance.body).toMatchObject({ uuid, currentState: "new" });
  }, 180_000);
});
