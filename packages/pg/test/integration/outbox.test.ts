import {
  type StateEnterEvent,
  type WorkflowDefinition,
  type WorkflowObserver,
  type WorkflowWakeSignal,
} from "@duraflows/core";
import { runOutboxStoreConformance } from "@duraflows/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPgWakeSource } from "../../src/create-pg-wake-source.js";
import { PgTransactionContext } from "../../src/pg-transaction-context.js";
import { PgTransactionRunner } from "../../src/pg-transaction-runner.js";
import { PgWorkflowOutboxStore } from "../../src/pg-workflow-outbox-store.js";
import { createPgRuntime } from "../support/pg-runtime.js";
import { createPgTestSchema, type PgTestSchema } from "../support/pg-test-schema.js";

const flow: WorkflowDefinition = {
  name: "pg-outbox-order",
  initialState: "draft",
  states: {
    draft: {
      events: {
        Step: { targetState: "draft", commands: [{ name: "bump" }] },
        Submit: { targetState: "submitted" },
        Expire: { targetState: "expired", timeout: { afterMinutes: 1 } },
      },
    },
    submitted: {},
    expired: {},
  },
};

const commands = {
  bump: {
    execute: (_subject: unknown, ctx: { context: Record<string, unknown> }) => {
      ctx.context.step = Number(ctx.context.step ?? 0) + 1;
      return { ok: true };
    },
  },
};

let env: PgTestSchema;

beforeAll(async () => {
  env = await createPgTestSchema("pg-outbox", "duraflows_pg_it");
});
afterAll(async () => {
  await env?.drop();
});

runOutboxStoreConformance("pg", {
  async setup() {
    await env.pool.query("TRUNCATE workflow_outbox");
    return {
      store: new PgWorkflowOutboxStore(env.pool),
      transactionRunner: new PgTransactionRunner(env.pool),
      teardown: async () => undefined,
    };
  },
});

function recorder(name: string): { observer: WorkflowObserver; events: StateEnterEvent[] } {
  const events: StateEnterEvent[] = [];
  return { observer: { name, delivery: "outbox", onEnter: (event) => void events.push(event) }, events };
}

describe("outbox on @duraflows/pg", () => {
  it("writes the event in the transition's transaction and the relay delivers it exactly as written", async () => {
    await env.truncate();
    const audit = recorder("audit");
    const { runtime, events: live } = createPgRuntime(env.pool, {
      definitions: [flow],
      providers: { outbox: true },
      runtime: { observers: [audit.observer, { name: "recorder", onEnter: (e) => void live.push(e) }] },
    });
    const order = await runtime.createInstance({
      workflowName: flow.name,
      context: { total: 12.5, lines: ["a", "é"] },
      metadata: { tenant: "t1" },
    });
    await runtime.getHandle(order.uuid).triggerEvent("Submit", { triggerMetadata: { via: "api" } });
    const { rows } = await env.pool.query("SELECT observer_name, status FROM workflow_outbox ORDER BY seq");
    expect(rows).toEqual([
      { observer_name: "audit", status: "pending" },
      { observer_name: "audit", status: "pending" },
    ]);
    while ((await runtime.relayOutbox()).claimed > 0);
    expect(audit.events.map(({ eventId: _id, ...event }) => event)).toEqual(live);
    const stored = await runtime.listOutbox({ status: "delivered" });
    expect(audit.events.map((e) => e.eventId)).toEqual(stored.map((row) => row.uuid));
  });

  it("writes nothing when a caller-owned transaction rolls back", async () => {
    await env.truncate();
    const audit = recorder("audit");
    const { runtime } = createPgRuntime(env.pool, {
      definitions: [flow],
      providers: { outbox: true },
      runtime: { observers: [audit.observer] },
    });
    await PgTransactionContext.transaction(env.pool, async () => {
      await runtime.createInstance({ workflowName: flow.name });
      throw new Error("caller rolls back");
    }).catch(() => undefined);
    expect((await env.pool.query("SELECT count(*)::int AS n FROM workflow_outbox")).rows[0].n).toBe(0);
  });

  it("four relays on separate pools deliver 600 events: none lost, order per instance kept", async () => {
    await env.truncate();
    const seen = new Map<string, number[]>();
    let deliveries = 0;
    const observer: WorkflowObserver = {
      name: "sink",
      delivery: "outbox",
      onEnter: (event) => {
        deliveries++;
        const list = seen.get(event.instanceUuid) ?? [];
        list.push(Number(event.context.step ?? 0));
        seen.set(event.instanceUuid, list);
      },
    };
    const writer = createPgRuntime(env.pool, {
      definitions: [flow],
      commands,
      providers: { outbox: true },
      runtime: { observers: [observer] },
    }).runtime;
    const instances = await Promise.all(
      Array.from({ length: 10 }, () =>
        writer.createInstance({ workflowName: flow.name, context: { step: 0 } }),
      ),
    );
    // 10 instances x 60 entries: creation plus 59 self-transitions each.
    for (let round = 1; round < 60; round++) {
      await Promise.all(
        instances.map(async (instance) => {
          await writer.getHandle(instance.uuid).triggerEvent("Step");
        }),
      );
    }
    const pools = Array.from({ length: 4 }, () => env.createPool({ max: 2 }));
    const relays = pools.map(
      (pool) =>
        createPgRuntime(pool, {
          definitions: [flow],
          providers: { outbox: true },
          runtime: { observers: [observer] },
        }).runtime,
    );
    await Promise.all(
      relays.map(async (relay) => {
        let idle = 0;
        while (idle < 3) idle = (await relay.relayOutbox({ limit: 50 })).claimed === 0 ? idle + 1 : 0;
      }),
    );
    await Promise.all(pools.map((pool) => pool.end()));
    const total = [...seen.values()].reduce((sum, list) => sum + list.length, 0);
    expect(total).toBe(600);
    expect(deliveries).toBe(600);
    const stored = await env.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM workflow_outbox WHERE status = 'delivered'`,
    );
    expect(stored.rows[0]!.n).toBe(600);
    for (const list of seen.values()) expect(list).toEqual(Array.from({ length: 60 }, (_, i) => i));
  });
});

describe("wake-ups on @duraflows/pg", () => {
  it("notifies listeners on commit only: enqueue, outbox writes and near timeouts; reconnects after a drop", async () => {
    await env.truncate();
    const signals: WorkflowWakeSignal[] = [];
    const errors: unknown[] = [];
    const wake = createPgWakeSource(env.db.url + "?options=-c%20search_path%3Dduraflows_pg_it", {
      minReconnectDelayMs: 20,
      onError: (error) => errors.push(error),
    });
    const stop = wake.subscribe((signal) => signals.push(signal));
    await wake.ready();
    await expect.poll(() => signals.length).toBe(1); // the catch-up wake-up of a new connection
    signals.length = 0;

    const { runtime } = createPgRuntime(env.pool, {
      definitions: [flow],
      commands,
      providers: { outbox: true, notify: true, durableExecution: true },
      runtime: { observers: [recorder("audit").observer] },
    });
    const order = await runtime.createInstance({ workflowName: flow.name });
    await expect.poll(() => signals.map((s) => s.kind)).toContain("outbox");

    signals.length = 0;
    await PgTransactionContext.transaction(env.pool, async () => {
      await runtime.enqueueEvent({
        workflowInstanceUuid: order.uuid,
        eventName: "Submit",
        idempotencyKey: "k1",
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(signals).toEqual([]); // not before COMMIT
    });
    await expect.poll(() => signals.map((s) => s.kind)).toContain("execution");

    // Kill the listening backend: the source reconnects and sends a catch-up wake-up.
    signals.length = 0;
    await env.pool.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()`,
    );
    await expect.poll(() => errors.length, { timeout: 5_000 }).toBeGreaterThan(0);
    await expect.poll(() => signals.length, { timeout: 5_000 }).toBeGreaterThan(0);
    expect(wake.listening).toBe(true);
    stop();
    await wake.close();
  });

  it("announces a timeout armed within the near window with its due time", async () => {
    await env.truncate();
    const signals: WorkflowWakeSignal[] = [];
    const wake = createPgWakeSource(env.pool, { minReconnectDelayMs: 20 });
    wake.subscribe((signal) => signals.push(signal));
    await wake.ready();
    const { runtime } = createPgRuntime(env.pool, {
      definitions: [flow],
      providers: { notify: { nearTimeoutMs: 120_000 } },
      runtime: { clock: { now: () => new Date() } },
    });
    await runtime.createInstance({ workflowName: flow.name });
    await expect.poll(() => signals.find((s) => s.kind === "timeout")).toBeDefined();
    const timeout = signals.find((s) => s.kind === "timeout") as { at: Date };
    expect(Math.abs(timeout.at.getTime() - (Date.now() + 60_000))).toBeLessThan(5_000);
    await wake.close();
  });
});
