import {
  CONTEXT_SCHEMA_FAILURE_CODE,
  defineWorkflow,
  registerWorkflowCommands,
  WorkflowSchemaValidationError,
  InMemoryCommandRegistry,
} from "@duraflows/core";
import type pg from "pg";
import * as v from "valibot";
import { z } from "zod";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPgRuntime } from "../support/pg-runtime.js";
import { createPgTestSchema, type PgTestSchema } from "../support/pg-test-schema.js";

// One definition, two schema libraries: zod for the context and the payloads, valibot for the metadata.
const order = defineWorkflow(
  {
    name: "typed-order",
    initialState: "awaiting_payment",
    states: {
      awaiting_payment: {
        events: {
          PaymentReceived: { targetState: "paid", commands: [{ name: "recordPayment" }] },
          Corrupt: { targetState: "paid", errorState: "broken", commands: [{ name: "corrupt" }] },
          CorruptNoErrorState: { targetState: "paid", commands: [{ name: "corrupt" }] },
        },
      },
      paid: {},
      broken: {},
    },
  },
  {
    context: z.object({ total: z.number().positive(), paid: z.number().optional() }),
    metadata: v.object({ customerId: v.pipe(v.string(), v.minLength(1)) }),
    events: { PaymentReceived: z.object({ amount: z.number(), currency: z.enum(["EUR", "USD"]) }) },
  },
);

describe("typed workflows with zod and valibot schemas on @duraflows/pg", () => {
  let env: PgTestSchema;
  let pool: pg.Pool;
  const count = async (table: string) =>
    (await pool.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n as number;

  const build = () => createPgRuntime(pool, { definitions: [order] });

  beforeAll(async () => {
    env = await createPgTestSchema("pg-typed-workflows", "duraflows_pg_it");
    pool = env.pool;
  });
  beforeEach(async () => {
    await env.truncate();
  });
  afterAll(async () => {
    await env?.drop();
  });

  function runtimeWithCommands(durableExecution = false) {
    const commands = new InMemoryCommandRegistry();
    registerWorkflowCommands(commands, order, {
      recordPayment: (subject, ctx) => {
        ctx.context.paid = (subject as { amount: number }).amount;
        return { ok: true };
      },
      corrupt: (_subject, ctx) => {
        (ctx.context as Record<string, unknown>).total = "not a number";
        return { ok: true };
      },
    });
    const { runtime } = createPgRuntime(pool, {
      definitions: [order],
      providers: { durableExecution },
      runtime: { commandRegistry: commands },
    });
    return runtime;
  }

  it("createInstance rejects an invalid context and metadata with every issue, and writes nothing", async () => {
    const { runtime } = build();
    const error = await runtime
      .createInstance(order, { context: { total: -1 }, metadata: { customerId: "c-1" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowSchemaValidationError);
    expect((error as WorkflowSchemaValidationError).target).toBe("context");
    expect((error as WorkflowSchemaValidationError).issues).toEqual([
      expect.objectContaining({ path: ["total"] }),
    ]);

    const metadataError = await runtime
      .createInstance(order, { context: { total: 5 }, metadata: { customerId: "" } })
      .catch((e: unknown) => e);
    expect(metadataError).toBeInstanceOf(WorkflowSchemaValidationError);
    expect((metadataError as WorkflowSchemaValidationError).issues[0].path).toEqual(["customerId"]);
    // The untyped call is checked too: the schemas belong to the registered workflow.
    await expect(
      runtime.createInstance({ workflowName: "typed-order", context: { total: 0 }, metadata: {} }),
    ).rejects.toThrow(WorkflowSchemaValidationError);
    expect(await count("workflow_instances")).toBe(0);
    expect(await count("workflow_history")).toBe(0);
  });

  it("triggerEvent rejects an invalid payload listing every issue, nothing written", async () => {
    const runtime = runtimeWithCommands();
    const instance = await runtime.createInstance(order, {
      context: { total: 10 },
      metadata: { customerId: "c-1" },
    });
    const handle = runtime.getHandle(instance.uuid, order);
    const error = await handle
      .triggerEvent("PaymentReceived", {
        // @ts-expect-error deliberately wrong at run time
        subject: { amount: "10", currency: "GBP" },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowSchemaValidationError);
    const issues = (error as WorkflowSchemaValidationError).issues;
    expect(issues.map((issue) => issue.path.join("."))).toEqual(["amount", "currency"]);
    expect((error as Error).message).toMatch(/Invalid payload of PaymentReceived for workflow "typed-order"/);
    expect(await count("workflow_history")).toBe(0);
    expect((await handle.getInstance())?.currentState).toBe("awaiting_payment");

    const ok = await handle.triggerEvent("PaymentReceived", { subject: { amount: 10, currency: "EUR" } });
    expect(ok.toState).toBe("paid");
    const stored = await handle.getInstance();
    expect(stored?.context).toEqual({ total: 10, paid: 10 });
  });

  it("a command leaving an invalid context fails the transition into errorState, with the issues in history", async () => {
    const runtime = runtimeWithCommands();
    const instance = await runtime.createInstance(order, {
      context: { total: 10 },
      metadata: { customerId: "c-1" },
    });
    const result = await runtime.getHandle(instance.uuid, order).triggerEvent("Corrupt");
    expect(result.outcome).toBe("failure");
    expect(result.toState).toBe("broken");
    const stored = await runtime.getInstance(instance.uuid);
    // The invalid context was not kept.
    expect(stored?.context).toEqual({ total: 10 });
    const [row] = await runtime.getHistory(instance.uuid);
    expect(row.outcome).toBe("failure");
    const results = row.commandResultsJson as { ok: boolean; code?: string; message?: string }[];
    expect(results.at(-1)).toMatchObject({ ok: false, code: CONTEXT_SCHEMA_FAILURE_CODE });
    expect(results.at(-1)?.message).toMatch(/total/);
  });

  it("without an errorState, the invalid context fails the call like a failed command and nothing is written", async () => {
    const runtime = runtimeWithCommands();
    const instance = await runtime.createInstance(order, {
      context: { total: 10 },
      metadata: { customerId: "c-1" },
    });
    const historyBefore = await count("workflow_history");
    await expect(runtime.getHandle(instance.uuid, order).triggerEvent("CorruptNoErrorState")).rejects.toThrow(
      /corrupt/,
    );
    expect(await count("workflow_history")).toBe(historyBefore);
    expect((await runtime.getInstance(instance.uuid))?.context).toEqual({ total: 10 });
  });

  it("enqueueEvent rejects an invalid payload before anything is queued", async () => {
    const runtime = runtimeWithCommands(true);
    const instance = await runtime.createInstance(order, {
      context: { total: 10 },
      metadata: { customerId: "c-1" },
    });
    await expect(
      runtime.getHandle(instance.uuid, order).enqueueEvent("PaymentReceived", {
        idempotencyKey: "k-1",
        // @ts-expect-error deliberately wrong at run time
        subject: { amount: 1 },
      }),
    ).rejects.toThrow(WorkflowSchemaValidationError);
    expect(await count("workflow_executions")).toBe(0);
    const queued = await runtime
      .getHandle(instance.uuid, order)
      .enqueueEvent("PaymentReceived", { idempotencyKey: "k-2", subject: { amount: 1, currency: "USD" } });
    expect(queued.status).toBe("pending");
  });
});
