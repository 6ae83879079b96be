import type { WorkflowDefinition, WorkflowTelemetryOptions } from "@duraflows/core";
import { SimulatedClock } from "@duraflows/core/testing";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPgRuntime } from "../support/pg-runtime.js";
import { createPgTestSchema, type PgTestSchema } from "../support/pg-test-schema.js";

/*
 * Guards the promise that an installed @opentelemetry/api without a registered SDK costs a couple of property
 * reads and nothing else: the runtime must send PostgreSQL exactly what it sends with telemetry disabled (no
 * extra round trip, no other SQL text or prepared-statement name, no trace id in the history row).
 */

const toggle: WorkflowDefinition = {
  name: "idle-otel-toggle",
  initialState: "a",
  states: {
    a: { events: { go: { targetState: "b", commands: [{ name: "noop" }] }, flip: { targetState: "b" } } },
    b: { events: { go: { targetState: "a", commands: [{ name: "noop" }] }, flip: { targetState: "a" } } },
  },
};

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** Every query sent on the pool's connections: text, prepared-statement name and values, uuids masked. */
function recordQueries(pool: pg.Pool): string[] {
  const sent: string[] = [];
  pool.on("connect", (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: unknown }).query = (...args: unknown[]): unknown => {
      const [first, second] = args as [string | { text: string; name?: string; values?: unknown[] }, unknown];
      const config = typeof first === "string" ? { text: first, values: second } : first;
      sent.push(JSON.stringify(config).replace(UUID, "<uuid>"));
      return query(...args);
    };
  });
  return sent;
}

async function statementsOf(
  env: PgTestSchema,
  telemetry: WorkflowTelemetryOptions,
  optimisticTransitions: boolean,
): Promise<string[]> {
  // From empty tables, so both runtimes store the definition and create the instance alike.
  await env.truncate();
  const pool = env.createPool({ max: 1 });
  const sent = recordQueries(pool);
  try {
    const { runtime } = createPgRuntime(pool, {
      definitions: [toggle],
      commands: { noop: { execute: () => ({ ok: true }) } },
      clock: new SimulatedClock(new Date("2026-01-01T00:00:00.000Z")),
      runtime: { telemetry, optimisticTransitions },
    });
    await runtime.initialize();
    const { uuid } = await runtime.createInstance({ workflowName: toggle.name });
    for (const eventName of ["go", "go", "flip", "flip", "go"])
      await runtime.triggerEvent({ workflowInstanceUuid: uuid, eventName });
    await runtime.getHistory(uuid);
    return sent;
  } finally {
    await pool.end();
  }
}

describe("@opentelemetry/api installed, no SDK registered, on @duraflows/pg", () => {
  let env: PgTestSchema;

  beforeAll(async () => {
    env = await createPgTestSchema("pg-telemetry-idle", "duraflows_pg_it");
  });
  afterAll(async () => {
    await env.drop();
  });

  it.each([false, true])(
    "sends the same statements as telemetry disabled (optimisticTransitions: %s)",
    async (optimistic) => {
      const disabled = await statementsOf(env, { enabled: false }, optimistic);
      const idle = await statementsOf(env, {}, optimistic);
      expect(disabled.length).toBeGreaterThan(0);
      expect(idle).toEqual(disabled);
    },
  );
});
