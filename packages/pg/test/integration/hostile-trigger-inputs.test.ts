import {
  InvalidArgumentError,
  WorkflowInstanceNotFoundError,
  type WorkflowDefinition,
} from "@duraflows/core";
import type pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPgRuntime } from "../support/pg-runtime.js";
import { createPgTestSchema, type PgTestSchema } from "../support/pg-test-schema.js";

const order: WorkflowDefinition = {
  name: "hostile-order",
  version: 1,
  initialState: "new",
  states: {
    new: { events: { Pay: { targetState: "paid", commands: [{ name: "charge" }] } } },
    paid: {},
  },
};

describe("hostile trigger inputs on @duraflows/pg", () => {
  let env: PgTestSchema;
  let pool: pg.Pool;
  const count = async (table: string) =>
    (await pool.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n as number;
  const build = () =>
    createPgRuntime(pool, {
      definitions: [order],
      commands: {
        charge: {
          execute: () => ({
            ok: true,
            message: "charged",
            code: "OK",
            metadata: { zeta: 1, alpha: { yy: 2, b: 3 }, list: [{ z: 1, a: 2 }] },
          }),
        },
      },
      providers: { idempotency: true, durableExecution: true },
    });

  beforeAll(async () => {
    env = await createPgTestSchema("pg-hostile-trigger-inputs", "duraflows_pg_it");
    pool = env.pool;
  });
  beforeEach(async () => {
    await env.truncate();
  });
  afterAll(async () => {
    await env?.drop();
  });

  it("a keyed event whose name holds NUL or an unpaired surrogate is refused before anything is written", async () => {
    const { runtime } = build();
    const instance = await runtime.createInstance({ workflowName: "hostile-order" });
    const historyBefore = await count("workflow_history");
    for (const eventName of ["Pay\u0000", "Pay\ud800"]) {
      const error = await runtime
        .triggerEvent({ workflowInstanceUuid: instance.uuid, eventName, idempotencyKey: "k1" })
        .catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as Error).message).toBe(
        "eventName must be a valid Unicode string without NUL characters",
      );
    }
    expect(await count("workflow_event_idempotency")).toBe(0);
    expect(await count("workflow_history")).toBe(historyBefore);
    expect((await runtime.getInstance(instance.uuid))!.version).toBe(0);
    await expect(
      runtime.triggerEvent({ workflowInstanceUuid: instance.uuid, eventName: "Pay", idempotencyKey: "k1" }),
    ).resolves.toMatchObject({ toState: "paid" });
  });

  it("an id that is not a uuid is an unknown instance, not a raw 22P02 driver error", async () => {
    const { runtime } = build();
    const notFound = new WorkflowInstanceNotFoundError("not-a-uuid");
    const ref = { workflowInstanceUuid: "not-a-uuid" };
    await expect(runtime.triggerEvent({ ...ref, eventName: "Pay" })).rejects.toThrow(notFound);
    await expect(runtime.triggerEvent({ ...ref, eventName: "Pay", idempotencyKey: "k" })).rejects.toThrow(
      notFound,
    );
    await expect(runtime.enqueueEvent({ ...ref, eventName: "Pay", idempotencyKey: "k" })).rejects.toThrow(
      notFound,
    );
    await expect(runtime.getAvailableEvents(ref)).rejects.toThrow(notFound);
    await expect(runtime.rearmTimeout("not-a-uuid")).rejects.toThrow(notFound);
    await expect(runtime.getHandle("not-a-uuid").triggerEvent("Pay")).rejects.toThrow(notFound);
    await expect(runtime.getInstance("not-a-uuid")).resolves.toBeNull();
    await expect(runtime.getHistory("not-a-uuid")).resolves.toEqual([]);
    await expect(runtime.getExecution("not-a-uuid")).resolves.toBeNull();
    await expect(runtime.retryExecution("not-a-uuid")).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(runtime.cancelExecution("not-a-uuid")).rejects.toBeInstanceOf(InvalidArgumentError);
    const instance = await runtime.createInstance({ workflowName: "hostile-order" });
    await expect(runtime.getInstance(instance.uuid.toUpperCase())).resolves.toMatchObject({
      uuid: instance.uuid,
    });
  });

  it("an idempotent replay returns the first result with the same key order, although jsonb reorders keys", async () => {
    const { runtime } = build();
    const instance = await runtime.createInstance({ workflowName: "hostile-order" });
    const input = { workflowInstanceUuid: instance.uuid, eventName: "Pay", idempotencyKey: "order-1" };
    const first = await runtime.triggerEvent(input);
    const replay = await runtime.triggerEvent(input);
    expect(JSON.stringify(replay)).toBe(JSON.stringify(first));
    expect(Object.keys(first)).toEqual(["outcome", "fromState", "toState", "commandResults", "historyUuid"]);
    expect(Object.keys(first.commandResults[0])).toEqual(["ok", "code", "message", "metadata"]);
    const fresh = build().runtime;
    expect(JSON.stringify(await fresh.triggerEvent(input))).toBe(JSON.stringify(first));
  });
});
