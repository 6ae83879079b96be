import { startWorker, type WorkflowDefinition } from "@duraflows/core";
import { SimulatedClock } from "@duraflows/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPgRuntime } from "../support/pg-runtime.js";
import { createPgTestSchema, type PgTestSchema } from "../support/pg-test-schema.js";

const shipment: WorkflowDefinition = {
  name: "pg-worker-shipment",
  initialState: "new",
  states: {
    new: {
      events: {
        Ship: { targetState: "shipped", commands: [{ name: "label" }, { name: "dispatch" }] },
        Abandon: { targetState: "abandoned", timeout: { afterMinutes: 10 } },
      },
    },
    shipped: {},
    abandoned: {},
  },
};

describe("startWorker on @duraflows/pg", () => {
  let env: PgTestSchema;

  beforeAll(async () => {
    env = await createPgTestSchema("pg-start-worker", "duraflows_pg_it");
  });
  afterAll(async () => {
    await env.drop();
  });

  it("two workers on separate pools share the backlog: every command runs once and every timeout fires", async () => {
    const clock = new SimulatedClock(new Date("2030-01-01T00:00:00.000Z"));
    const calls: string[] = [];
    const commands = {
      label: {
        execute: (_s: unknown, ctx: { durable?: { executionUuid: string } }) => {
          calls.push(`label:${ctx.durable?.executionUuid}`);
          return { ok: true };
        },
      },
      dispatch: {
        execute: (_s: unknown, ctx: { durable?: { executionUuid: string } }) => {
          calls.push(`dispatch:${ctx.durable?.executionUuid}`);
          return { ok: true };
        },
      },
    };
    const poolB = env.createPool();
    const a = createPgRuntime(env.pool, {
      definitions: [shipment],
      commands,
      clock,
      providers: { durableExecution: true },
    });
    const b = createPgRuntime(poolB, {
      definitions: [shipment],
      commands,
      clock,
      providers: { durableExecution: true },
    });
    const shipped: string[] = [];
    for (let i = 0; i < 6; i++) {
      const instance = await a.runtime.createInstance({ workflowName: "pg-worker-shipment" });
      await a.runtime.enqueueEvent({
        workflowInstanceUuid: instance.uuid,
        eventName: "Ship",
        idempotencyKey: `k${i}`,
      });
      shipped.push(instance.uuid);
    }
    const idle = await a.runtime.createInstance({ workflowName: "pg-worker-shipment" });
    clock.advanceMinutes(11);

    const errors: unknown[] = [];
    const options = {
      timeouts: { limit: 2 },
      executions: { limit: 2 },
      intervalMs: 60_000,
      onError: (e: unknown) => errors.push(e),
    };
    const first = startWorker(a.runtime, options);
    const second = startWorker(b.runtime, options);
    for (let round = 0; round < 10; round++) await Promise.all([first.runOnce(), second.runOnce()]);
    await Promise.all([first.stop(), second.stop()]);
    await poolB.end();

    expect(errors).toEqual([]);
    for (const uuid of shipped) expect((await a.runtime.getInstance(uuid))?.currentState).toBe("shipped");
    expect((await a.runtime.getInstance(idle.uuid))?.currentState).toBe("abandoned");
    expect(calls).toHaveLength(12);
    expect(new Set(calls).size).toBe(12);
    const { rows } = await env.pool.query<{ status: string; n: string }>(
      "SELECT status, count(*)::text AS n FROM workflow_executions GROUP BY status",
    );
    expect(rows).toEqual([{ status: "completed", n: "6" }]);
  });
});
