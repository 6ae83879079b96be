import { Module } from "@nestjs/common";
import { WorkflowModule } from "@duraflows/nestjs";
import { pgWorkflowProviders } from "@duraflows/pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordFigures } from "../support/figures.js";
import {
  canonicalJson,
  prototypeSnapshot,
  storablePayloads,
  unstorablePayloads,
} from "../support/hostile-values.js";
import {
  EchoCommand,
  HOSTILE_PATH,
  HOSTILE_WORKFLOW,
  hostileNamesWorkflow,
} from "../support/hostile-workflow.js";
import { httpRaw, startHttpApp, type RunningApp } from "../support/http-app.js";
import { createReliabilityDatabase, type ReliabilityDatabase } from "../support/pg-database.js";

/**
 * The REST API (WorkflowModule with controllers, on the pg provider, over real HTTP) under hostile names and
 * bodies: storable data round-trips, unstorable JSON is a 400 naming the path, nothing is a 500, nothing reaches
 * Object.prototype.
 */
const prototypeAtStart = prototypeSnapshot();
let db: ReliabilityDatabase;
let running: RunningApp;
const statuses: number[] = [];

/**
 * What the API stores of a body: NestJS's ValidationPipe deletes every `__proto__`, `prototype` and `constructor`
 * key of a request body in place (its prototype-pollution defence, before duraflows sees it). Everything else
 * must round-trip exactly. The in-process API and the stores keep those keys (stores-round-trip.test.ts).
 */
function asStoredOverRest(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asStoredOverRest);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== "__proto__" && key !== "prototype" && key !== "constructor")
      .map(([key, child]) => [key, asStoredOverRest(child)]),
  );
}

async function call(method: string, path: string, body?: unknown, raw?: string) {
  const answer = await httpRaw(
    running.baseUrl,
    method,
    path,
    raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  );
  statuses.push(answer.status);
  return answer;
}

async function counts(): Promise<string> {
  const { rows } = await db.pool.query(
    "SELECT (SELECT count(*) FROM workflow_instances) AS i, (SELECT count(*) FROM workflow_history) AS h",
  );
  return JSON.stringify(rows[0]);
}

beforeAll(async () => {
  db = await createReliabilityDatabase("stress-hostile-rest");
  @Module({
    imports: [
      WorkflowModule.forRoot({
        workflows: [hostileNamesWorkflow],
        commands: [{ name: "echo", useClass: EchoCommand }],
        persistence: pgWorkflowProviders(db.pool, { idempotency: true, durableExecution: true }),
        enableControllers: true,
      }),
    ],
  })
  class HostileAppModule {}
  running = await startHttpApp(HostileAppModule);
});

afterAll(async () => {
  recordFigures({ inputsTried: statuses.length });
  await running?.close();
  await db?.database.drop();
});

describe("hostile input through the REST API (pg provider)", () => {
  // Express's JSON body limit is 100 kB and the payload is sent three times, so the long string is shorter here.
  it.each(Object.entries(storablePayloads(20_000)))(
    "%s: round-trips through create, events, reads and history",
    async (_name, sent) => {
      const payload = asStoredOverRest(sent) as Record<string, unknown>;
      const created = await call("POST", "/workflows", {
        workflowName: HOSTILE_WORKFLOW,
        context: sent,
        metadata: sent,
        triggerMetadata: sent,
      });
      expect(created.status).toBe(201);
      const uuid = created.body.uuid as string;
      expect(canonicalJson(created.body.context)).toBe(canonicalJson(payload));
      for (const step of HOSTILE_PATH) {
        const fired = await call("POST", `/workflows/${uuid}/events/${encodeURIComponent(step.event)}`, {
          subject: sent,
          triggerMetadata: sent,
        });
        expect(fired.status).toBe(201);
        expect(fired.body.toState).toBe(step.to);
      }
      const read = await call("GET", `/workflows/${uuid}`);
      expect(read.status).toBe(200);
      expect(canonicalJson(read.body.context)).toBe(
        canonicalJson(Object.fromEntries([...Object.entries(payload), ["echo", payload]])),
      );
      expect(canonicalJson(read.body.metadata)).toBe(canonicalJson(payload));
      const history = await call("GET", `/workflows/${uuid}/history?limit=10`);
      expect(history.status).toBe(200);
      expect(history.body).toHaveLength(HOSTILE_PATH.length);
      for (const row of history.body) expect(canonicalJson(row.triggerMetadata)).toBe(canonicalJson(payload));
      const available = await call("GET", `/workflows/${uuid}/events`);
      expect(available.status).toBe(200);
      expect(prototypeSnapshot()).toBe(prototypeAtStart);
    },
  );

  it.each(unstorablePayloads(false))(
    "$label: 400 naming the path, nothing written",
    async ({ label, value, path }) => {
      const before = await counts();
      for (const field of ["context", "metadata", "triggerMetadata"]) {
        const answer = await call("POST", "/workflows", { workflowName: HOSTILE_WORKFLOW, [field]: value });
        expect(answer.status).toBe(400);
        expect(answer.body).toMatchObject({ statusCode: 400, error: "Bad Request" });
        // Bodies nested deeper than 1000 levels are refused by the controllers' pipe before transformation.
        if (label.startsWith("nesting"))
          expect(answer.body.message).toBe("Request body is nested deeper than 1000 levels");
        else expect(String(answer.body.message).startsWith(`${field}${path}`)).toBe(true);
      }
      expect(await counts()).toBe(before);
      const { body } = await call("POST", "/workflows", { workflowName: HOSTILE_WORKFLOW });
      const afterCreate = await counts();
      for (const request of [{ triggerMetadata: value }, { subject: value }]) {
        const answer = await call("POST", `/workflows/${body.uuid}/events/toString`, request);
        expect(answer.status).toBe(400);
        const answerQueued = await call("POST", `/workflows/${body.uuid}/executions/toString`, {
          ...request,
          idempotencyKey: "k",
        });
        expect(answerQueued.status).toBe(400);
      }
      expect(await counts()).toBe(afterCreate);
      expect(prototypeSnapshot()).toBe(prototypeAtStart);
    },
  );

  it("hostile bodies, names and routes never cause a 500 nor touch Object.prototype", async () => {
    const { body } = await call("POST", "/workflows", { workflowName: HOSTILE_WORKFLOW });
    const uuid = body.uuid as string;
    const attempts: [string, string, string | undefined][] = [
      ["POST", "/workflows", '{"workflowName": '], // malformed JSON
      ["POST", "/workflows", '{"__proto__": {"polluted": "yes"}, "workflowName": "x"}'],
      [
        "POST",
        "/workflows",
        `{"workflowName": ${JSON.stringify(HOSTILE_WORKFLOW)}, "constructor": {"prototype": {"polluted": "yes"}}}`,
      ],
      [
        "POST",
        "/workflows",
        `{"workflowName": ${JSON.stringify(HOSTILE_WORKFLOW)}, "context": {"__proto__": {"polluted": "yes"}}}`,
      ],
      ["POST", "/workflows", '{"workflowName": "nul\\u0000name"}'],
      ["POST", "/workflows", '{"workflowName": "\\ud800"}'],
      ["POST", "/workflows", `{"workflowName": "'; DROP TABLE workflow_instances; --"}`],
      ["POST", "/workflows", JSON.stringify({ workflowName: HOSTILE_WORKFLOW, context: "not an object" })],
      // Built as text: JSON.stringify itself overflows the stack at this depth.
      [
        "POST",
        "/workflows",
        `{"workflowName": ${JSON.stringify(HOSTILE_WORKFLOW)}, "context": ${'{"d":'.repeat(16_000)}1${"}".repeat(16_000)}}`,
      ],
      ["POST", "/workflows", "[]"],
      ["POST", "/workflows", "null"],
      ["POST", `/workflows/${uuid}/events/${encodeURIComponent("nul\u0000event")}`, "{}"],
      ["POST", `/workflows/${uuid}/events/${encodeURIComponent("'; DROP TABLE workflow_history; --")}`, "{}"],
      ["POST", `/workflows/${uuid}/events/__proto__`, '{"__proto__": {"polluted": "yes"}}'],
      ["POST", `/workflows/${uuid}/events/constructor`, "{}"],
      ["POST", `/workflows/${uuid}/events/toString`, '{"idempotencyKey": "k\\u0000"}'],
      ["POST", `/workflows/${uuid}/events/toString`, '{"idempotencyKey": "\\udfff"}'],
      ["POST", `/workflows/${uuid}/events/toString`, `{"idempotencyKey": "${"k".repeat(300)}"}`],
      ["GET", `/workflows/${encodeURIComponent("' OR 1=1 --")}`, undefined],
      ["GET", `/workflows/${uuid}/history?limit=${encodeURIComponent("1; DROP TABLE x")}`, undefined],
      ["GET", `/workflows/${uuid}/history?limit=-1&offset=1e999`, undefined],
      ["POST", "/workflows/timeouts/process?limit=__proto__", undefined],
      ["GET", `/workflows/executions/${encodeURIComponent("../../etc/passwd")}`, undefined],
    ];
    for (const [method, path, raw] of attempts) {
      const answer = await call(method, path, undefined, raw);
      expect({ method, path: path.slice(0, 120), status: answer.status < 500 }).toEqual({
        method,
        path: path.slice(0, 120),
        status: true,
      });
    }
    // A queued event whose subject carries a `__proto__` key: the pipe strips the key (see asStoredOverRest).
    const other = (await call("POST", "/workflows", { workflowName: HOSTILE_WORKFLOW })).body.uuid as string;
    const queued = await call(
      "POST",
      `/workflows/${other}/executions/toString`,
      undefined,
      '{"idempotencyKey": "q", "subject": {"__proto__": {"polluted": 1}}}',
    );
    expect(queued.status).toBe(201);
    expect(queued.body.subject).toEqual({});
    expect(Object.keys(queued.body.subject as object)).toEqual([]);
    expect(prototypeSnapshot()).toBe(prototypeAtStart);
    // The instance the hostile events were aimed at is intact and still usable.
    const read = await call("GET", `/workflows/${uuid}`);
    expect(read.body).toMatchObject({ currentState: "__proto__", version: expect.any(Number) });
    expect((await call("POST", `/workflows/${uuid}/events/toString`, {})).status).toBe(201);
  });

  it("no request of this file got a 500", () => {
    expect(statuses.length).toBeGreaterThan(50);
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
  });
});
