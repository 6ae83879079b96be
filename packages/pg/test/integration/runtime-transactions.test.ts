import { WorkflowError, type WorkflowDefinition } from "@duraflows/core";
import type pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PgTransactionContext } from "../../src/pg-transaction-context.js";
import { createPgRuntime } from "../support/pg-runtime.js";
import { createPgTestSchema, type PgTestSchema } from "../support/pg-test-schema.js";

const order: WorkflowDefinition = {
  name: "pg-order",
  version: 1,
  initialState: "new",
  states: {
    new: {
      events: {
        Pay: { targetState: "paid", commands: [{ name: "charge" }] },
        Expire: { targetState: "expired", timeout: { afterMinutes: 1 } },
      },
    },
    paid: {},
    expired: {},
  },
};

describe("the runtime on @duraflows/pg inside caller transactions", () => {
  let env: PgTestSchema;
  let pool: pg.Pool;
  const count = async (table: string) =>
    (await pool.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n as number;
  const build = () =>
    createPgRuntime(pool, { definitions: [order], commands: { charge: { execute: () => ({ ok: true }) } } });

  beforeAll(async () => {
    env = await createPgTestSchema("pg-runtime-transactions", "duraflows_pg_it");
    pool = env.pool;
  });
  beforeEach(async () => {
    await env.truncate();
  });
  afterAll(async () => {
    await env?.drop();
  });

  it("inside PgTransactionContext.transaction: observers fire once after COMMIT, and nothing after a rollback", async () => {
    const { runtime, events } = build();
    let seenInside = -1;
    const created = await PgTransactionContext.transaction(pool, async () => {
      const instance = await runtime.createInstance({ workflowName: "pg-order" });
      await runtime.triggerEvent({ workflowInstanceUuid: instance.uuid, eventName: "Pay" });
      seenInside = events.length;
      return instance;
    });
    expect(seenInside).toBe(0);
    expect(events.map((e) => [e.instanceUuid, e.toState])).toEqual([
      [created.uuid, "new"],
      [created.uuid, "paid"],
    ]);

    events.length = 0;
    await expect(
      PgTransactionContext.transaction(pool, async () => {
        const instance = await runtime.createInstance({ workflowName: "pg-order" });
        await runtime.triggerEvent({ workflowInstanceUuid: instance.uuid, eventName: "Pay" });
        throw new Error("caller changed its mind");
      }),
    ).rejects.toThrow("caller changed its mind");
    expect(events).toEqual([]);
    expect(await count("workflow_instances")).toBe(1);
    expect(await count("workflow_history")).toBe(1);
  });

  it("a caller transaction whose run() callback rejects leaves no instance, history or observer call", async () => {
    const { runtime, events } = build();
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      await expect(
        PgTransactionContext.run(pool, client, async () => {
          const instance = await runtime.createInstance({ workflowName: "pg-order" });
          await runtime.triggerEvent({ workflowInstanceUuid: instance.uuid, eventName: "Pay" });
          throw new Error("abort");
        }),
      ).rejects.toThrow("abort");
      await client.query("ROLLBACK");
    } finally {
      client.release();
    }
    expect(events).toEqual([]);
    expect(await count("workflow_instances")).toBe(0);
    expect(await count("workflow_history")).toBe(0);
    expect(await count("workflow_definitions")).toBe(0);
  });

  it("run() fires observers when its callback resolves (before the caller's COMMIT); a later ROLLBACK still undoes the rows", async () => {
    const { runtime, events } = build();
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      await PgTransactionContext.run(pool, client, async () => {
        const instance = await runtime.createInstance({ workflowName: "pg-order" });
        await runtime.triggerEvent({ workflowInstanceUuid: instance.uuid, eventName: "Pay" });
      });
      expect(events.map((e) => e.toState)).toEqual(["new", "paid"]);
      await client.query("ROLLBACK");
    } finally {
      client.release();
    }
    expect(await count("workflow_instances")).toBe(0);
    expect(await count("workflow_history")).toBe(0);
  });

  it("a swallowed SQL error in a command: the runtime's next statement fails with the driver's error, unwrapped", async () => {
    const { runtime, events } = createPgRuntime(pool, {
      definitions: [order],
      commands: {
        charge: {
          execute: async () => {
            await PgTransactionContext.getClient(pool)!
              .query("SELECT 1 / 0")
              .catch(() => undefined);
            return { ok: true };
          },
        },
      },
    });
    const created = await runtime.createInstance({ workflowName: "pg-order" });
    events.length = 0;
    const failure = await runtime
      .triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "Pay" })
      .catch((e) => e);
    expect(failure).not.toBeInstanceOf(WorkflowError);
    expect((failure as { code?: string }).code).toBe("25P02");
    expect(events).toEqual([]);
    expect((await runtime.getInstance(created.uuid))!.currentState).toBe("new");
  });

  it("a swallowed SQL error after a workflow call in the same transaction: COMMIT answered with ROLLBACK ⇒ WorkflowError", async () => {
    const { runtime, events } = build();
    const created = await runtime.createInstance({ workflowName: "pg-order" });
    events.length = 0;
    const failure = PgTransactionContext.transaction(pool, async (client) => {
      await runtime.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "Pay" });
      await client.query("SELECT 1 / 0").catch(() => undefined);
    });
    await expect(failure).rejects.toBeInstanceOf(WorkflowError);
    await expect(failure).rejects.toThrow(
      "COMMIT was rolled back by PostgreSQL because an earlier statement in the transaction failed",
    );
    expect(events).toEqual([]);
    expect((await runtime.getInstance(created.uuid))!.currentState).toBe("new");
    expect(await count("workflow_history")).toBe(0);
  });

  it("a sweep nested in an outer transaction joins it: its observer events wait for the outer COMMIT", async () => {
    const { runtime, events, clock } = build();
    const created = await runtime.createInstance({ workflowName: "pg-order" });
    clock.advanceMinutes(2);
    events.length = 0;
    let firedInside = -1;
    await PgTransactionContext.transaction(pool, async () => {
      const result = await runtime.processExpiredWorkflows();
      expect(result.processed).toBe(1);
      firedInside = events.length;
    });
    expect(firedInside).toBe(0);
    expect(events.map((e) => [e.instanceUuid, e.toState])).toEqual([[created.uuid, "expired"]]);
  });

  it("a stored definition version written in a rolled-back caller transaction is gone; a committed one stays", async () => {
    const { runtime } = build();
    await expect(
      PgTransactionContext.transaction(pool, async () => {
        await runtime.createInstance({ workflowName: "pg-order" });
        expect(await count("workflow_definitions")).toBe(0);
        throw new Error("rollback");
      }),
    ).rejects.toThrow("rollback");
    expect(await count("workflow_definitions")).toBe(0);
    const created = await runtime.createInstance({ workflowName: "pg-order" });
    expect(created.definitionVersion).toBe(1);
    const stored = await pool.query("SELECT workflow_name, version FROM workflow_definitions");
    expect(stored.rows).toEqual([{ workflow_name: "pg-order", version: 1 }]);
  });
});
