import type { WorkflowDefinition } from "@duraflows/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPgRuntime } from "../support/pg-runtime.js";
import { createPgTestSchema, type PgTestSchema } from "../support/pg-test-schema.js";

const order: WorkflowDefinition = {
  name: "order",
  initialState: "draft",
  states: {
    draft: {
      events: {
        Expire: { targetState: "expired" },
        Submit: { targetState: "submitted", commands: [{ name: "notify" }] },
      },
    },
    expired: { context: { expired: true } },
    submitted: {},
  },
};

describe("triggerEventForMany on PostgreSQL", () => {
  let env: PgTestSchema;
  beforeAll(async () => {
    env = await createPgTestSchema("pg-trigger-many", "duraflows_pg_it");
  });
  beforeEach(async () => {
    await env.truncate();
  });
  afterAll(async () => {
    await env?.drop();
  });

  const count = async (sql: string, values: unknown[] = []) =>
    (await env.pool.query<{ n: number }>(sql, values)).rows[0]!.n;

  async function seed(runtime: ReturnType<typeof createPgRuntime>["runtime"], n: number, context = {}) {
    const uuids: string[] = [];
    for (let i = 0; i < n; i++)
      uuids.push((await runtime.createInstance({ workflowName: "order", context })).uuid);
    return uuids;
  }

  it("moves matching instances set-based, one history row each, observers after commit", async () => {
    const { runtime, events } = createPgRuntime(env.pool, {
      definitions: [order],
      commands: { notify: { execute: () => ({ ok: true }) } },
    });
    const eu = await seed(runtime, 6, { region: "eu" });
    await seed(runtime, 3, { region: "us" });
    events.length = 0;
    const result = await runtime.triggerEventForMany({
      workflowName: "order",
      state: "draft",
      eventName: "Expire",
      where: { context: { region: "eu" } },
      limit: 100,
      batchSize: 4,
    });
    expect(result).toEqual({ mode: "bulk", matched: 6, transitioned: 6, failed: 0, errors: [], batches: 2 });
    expect(await count("SELECT count(*)::int AS n FROM workflow_history WHERE event_name = 'Expire'")).toBe(
      6,
    );
    expect(
      await count(
        "SELECT count(*)::int AS n FROM workflow_instances WHERE current_state = 'expired' AND version = 1 AND context_json @> '{\"expired\": true}'",
      ),
    ).toBe(6);
    expect(events.map((event) => event.instanceUuid).sort()).toEqual([...eu].sort());
    expect((await runtime.getHistory(eu[0]!))[0]).toMatchObject({ eventName: "Expire", toState: "expired" });
  });

  it("falls back to triggerEvent per instance when the event has commands", async () => {
    let notified = 0;
    const { runtime } = createPgRuntime(env.pool, {
      definitions: [order],
      commands: { notify: { execute: () => ((notified += 1), { ok: true }) } },
    });
    await seed(runtime, 3);
    const result = await runtime.triggerEventForMany({
      workflowName: "order",
      state: "draft",
      eventName: "Submit",
      limit: 10,
    });
    expect(result).toEqual({
      mode: "per-instance",
      matched: 3,
      transitioned: 3,
      failed: 0,
      errors: [],
      batches: 0,
    });
    expect(notified).toBe(3);
  });

  it("a concurrent triggerEvent on the same instances loses no update and writes no second history row", async () => {
    const { runtime } = createPgRuntime(env.pool, {
      definitions: [order],
      commands: { notify: { execute: () => ({ ok: true }) } },
    });
    const other = createPgRuntime(env.createPool({ max: 8 }), {
      definitions: [order],
      commands: { notify: { execute: () => ({ ok: true }) } },
    }).runtime;
    const uuids = await seed(runtime, 200);
    const singles = uuids.map((uuid) =>
      other.triggerEvent({ workflowInstanceUuid: uuid, eventName: "Expire" }).then(
        () => "moved" as const,
        () => "refused" as const,
      ),
    );
    const bulk = runtime.triggerEventForMany({
      workflowName: "order",
      state: "draft",
      eventName: "Expire",
      limit: 1000,
      batchSize: 20,
    });
    const [outcomes, result] = await Promise.all([Promise.all(singles), bulk]);
    const moved = outcomes.filter((outcome) => outcome === "moved").length;
    expect(result.transitioned + moved).toBe(200);
    expect(
      await count(
        "SELECT count(*)::int AS n FROM workflow_instances WHERE current_state = 'expired' AND version = 1",
      ),
    ).toBe(200);
    expect(
      await count(
        "SELECT count(*)::int AS n FROM (SELECT workflow_instance_uuid FROM workflow_history WHERE event_name = 'Expire' GROUP BY 1 HAVING count(*) = 1) once",
      ),
    ).toBe(200);
    expect(await count("SELECT count(*)::int AS n FROM workflow_history WHERE event_name = 'Expire'")).toBe(
      200,
    );
  });
});
