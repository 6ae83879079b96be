import "reflect-metadata";
import { Module } from "@nestjs/common";
import { defineWorkflow, type TypedExecutionContext, type TypedWorkflowCommand } from "@duraflows/core";
import { generateMigrationSql, pgWorkflowProviders } from "@duraflows/pg";
import { createTestDatabase, type TestDatabase } from "@duraflows/test-support";
import type pg from "pg";
import { z } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WorkflowCommand, WorkflowModule, WorkflowService } from "../../src/index.js";
import { startHttpApp, type RunningApp } from "../support/http-app.js";

const parcel = defineWorkflow(
  {
    name: "parcel",
    initialState: "registered",
    states: {
      registered: {
        events: { Weigh: { targetState: "weighed", commands: [{ name: "recordWeight" }] } },
      },
      weighed: {},
    },
  },
  {
    context: z.object({ destination: z.string().min(2), grams: z.number().int().positive().optional() }),
    events: { Weigh: z.object({ grams: z.number().int().positive() }) },
  },
);

// The typed decorator form: a typo in the command name would not compile.
@WorkflowCommand(parcel, "recordWeight")
class RecordWeightCommand implements TypedWorkflowCommand<typeof parcel, { grams: number }> {
  execute(subject: { grams: number }, ctx: TypedExecutionContext<typeof parcel>) {
    ctx.context.grams = subject.grams;
    return { ok: true };
  }
}

describe("e2e: a typed workflow's schemas over HTTP, on PostgreSQL", () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let running: RunningApp;
  const post = (path: string, body: unknown) =>
    fetch(`${running.baseUrl}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    database = await createTestDatabase("nestjs_typed_workflow");
    pool = database.createPool();
    await pool.query(generateMigrationSql().up);
    @Module({
      imports: [
        WorkflowModule.forRoot({
          workflows: [parcel],
          persistence: pgWorkflowProviders(pool),
          enableControllers: true,
        }),
      ],
      providers: [RecordWeightCommand],
    })
    class TypedAppModule {}
    running = await startHttpApp(TypedAppModule);
  });

  afterAll(async () => {
    await running?.close();
    await database?.drop();
  });

  it("answers 400 with every issue for an invalid initial context, and creates nothing", async () => {
    const response = await post("/workflows", { workflowName: "parcel", context: { destination: "X" } });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { message: string; issues: { path: string[] }[] };
    expect(body.issues.map((issue) => issue.path)).toEqual([["destination"]]);
    expect(body.message).toMatch(/Invalid context for workflow "parcel"/);
    const { rows } = await pool.query("SELECT count(*)::int AS n FROM workflow_instances");
    expect(rows[0].n).toBe(0);
  });

  it("answers 400 with the issues for an invalid payload, then accepts a valid one", async () => {
    const created = await post("/workflows", { workflowName: "parcel", context: { destination: "Lisbon" } });
    expect(created.status).toBe(201);
    const { uuid } = (await created.json()) as { uuid: string };

    const rejected = await post(`/workflows/${uuid}/events/Weigh`, { subject: { grams: -3 } });
    expect(rejected.status).toBe(400);
    const body = (await rejected.json()) as { issues: { path: string[]; message: string }[] };
    expect(body.issues).toEqual([expect.objectContaining({ path: ["grams"] })]);
    const history = await pool.query("SELECT count(*)::int AS n FROM workflow_history");
    expect(history.rows[0].n).toBe(0);

    const accepted = await post(`/workflows/${uuid}/events/Weigh`, { subject: { grams: 1200 } });
    expect(accepted.status).toBe(201);
    expect(((await accepted.json()) as { toState: string }).toState).toBe("weighed");
  });

  it("WorkflowService accepts the typed forms", async () => {
    const service = running.app.get(WorkflowService);
    const instance = await service.createInstance(parcel, { context: { destination: "Porto" } });
    expect(instance.currentState).toBe("registered");
    const result = await service
      .getHandle(instance.uuid, parcel)
      .triggerEvent("Weigh", { subject: { grams: 5 } });
    expect(result.toState).toBe("weighed");
    const stored = await service.getHandle(instance.uuid, parcel).getInstance();
    expect(stored?.context.grams).toBe(5);
  });
});
