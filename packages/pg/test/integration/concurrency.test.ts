import type { WorkflowDefinition } from "@duraflows/core";
import { SimulatedClock } from "@duraflows/core/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPgRuntime } from "../support/pg-runtime.js";
import { createPgTestSchema, type PgTestSchema } from "../support/pg-test-schema.js";

const counter: WorkflowDefinition = {
  name: "pg-counter",
  initialState: "counting",
  states: { counting: { events: { Add: { commands: [{ name: "add" }] } } } },
};

const expiring: WorkflowDefinition = {
  name: "pg-expiring",
  initialState: "waiting",
  states: {
    waiting: {
      events: {
        Expire: { targetState: "expired", commands: [{ name: "expire" }], timeout: { afterMinutes: 5 } },
      },
    },
    expired: {},
  },
};

describe("@duraflows/pg under concurrency", () => {
  let env: PgTestSchema;

  beforeAll(async () => {
    env = await createPgTestSchema("pg-concurrency", "duraflows_pg_it");
  });
  beforeEach(async () => {
    await env.truncate();
  });
  afterAll(async () => {
    await env?.drop();
  });

  it("16 concurrent triggerEvent calls on one instance over a pool of 8 serialise without losing a write", async () => {
    const pool = env.createPool({ max: 8 });
    const { runtime } = createPgRuntime(pool, {
      definitions: [counter],
      commands: {
        add: {
          execute: (subject, ctx) => {
            ctx.context[(subject as { key: string }).key] = true;
            return { ok: true };
          },
        },
      },
    });
    const created = await runtime.createInstance({ workflowName: "pg-counter" });
    const keys = Array.from({ length: 16 }, (_, i) => `k${i}`);
    await Promise.all(
      keys.map((key) =>
        runtime.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "Add", subject: { key } }),
      ),
    );
    const instance = await runtime.getInstance(created.uuid);
    expect(instance!.version).toBe(created.version + 16);
    expect(instance!.version).toBe(16);
    expect(Object.keys(instance!.context).sort()).toEqual([...keys].sort());
    expect(await runtime.getHistory(created.uuid, { limit: 100 })).toHaveLength(16);
  });

  it("4 sweepers in parallel over 2,000 expired instances process each exactly once", async () => {
    const clock = new SimulatedClock();
    const seedPool = env.createPool({ max: 2 });
    const seed = createPgRuntime(seedPool, {
      definitions: [expiring],
      clock,
      commands: { expire: { execute: () => ({ ok: true }) } },
    });
    const template = await seed.runtime.createInstance({ workflowName: "pg-expiring" });
    // 1,999 copies of the first instance row (fresh uuids), so the setup stays fast and the rows are identical.
    await seedPool.query(
      `INSERT INTO workflow_instances
       SELECT gen_random_uuid(), workflow_name, current_state, version, definition_version, expires_at,
              last_transition_at, context_json, metadata_json, created_at, updated_at, timeout_attempts,
              timeout_retry_at, timeout_last_error, timeout_parked_at
       FROM workflow_instances CROSS JOIN generate_series(1, 1999)
       WHERE uuid = $1`,
      [template.uuid],
    );
    clock.advanceMinutes(10);

    let commandCalls = 0;
    const sweepers = Array.from({ length: 4 }, () =>
      createPgRuntime(env.createPool({ max: 2 }), {
        definitions: [expiring],
        clock,
        commands: {
          expire: {
            execute: () => {
              commandCalls++;
              return { ok: true };
            },
          },
        },
      }),
    );
    const totals = await Promise.all(
      sweepers.map(async ({ runtime }) => {
        let processed = 0;
        for (;;) {
          const result = await runtime.processExpiredWorkflows({ limit: 50 });
          expect(result.failed).toEqual([]);
          if (result.processed === 0) return processed;
          processed += result.processed;
        }
      }),
    );
    expect(totals.reduce((a, b) => a + b, 0)).toBe(2000);
    expect(totals.filter((n) => n > 0).length).toBeGreaterThan(1);
    expect(commandCalls).toBe(2000);
    // Observer events carry the instance uuid: exactly one "expired" entry per instance, across all sweepers.
    const entries = new Map<string, number>();
    for (const event of sweepers.flatMap((s) => s.events)) {
      if (event.toState === "expired")
        entries.set(event.instanceUuid, (entries.get(event.instanceUuid) ?? 0) + 1);
    }
    expect(entries.size).toBe(2000);
    expect([...entries.values()].every((n) => n === 1)).toBe(true);
    const states = await seedPool.query(
      "SELECT current_state, count(*)::int AS n, min(version) AS min, max(version) AS max FROM workflow_instances GROUP BY 1",
    );
    expect(states.rows).toEqual([{ current_state: "expired", n: 2000, min: 1, max: 1 }]);
    const history = await seedPool.query(
      "SELECT count(DISTINCT workflow_instance_uuid)::int AS n, count(*)::int AS rows FROM workflow_history",
    );
    expect(history.rows[0]).toEqual({ n: 2000, rows: 2000 });
  });
});
