import type { WorkflowDefinition } from "@duraflows/core";
import type pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PgTransactionContext } from "../../src/pg-transaction-context.js";
import { createPgRuntime } from "../support/pg-runtime.js";
import { createPgTestSchema, type PgTestSchema } from "../support/pg-test-schema.js";

const order: WorkflowDefinition = {
  name: "init-order",
  version: 1,
  initialState: "new",
  states: { new: { events: { Pay: { targetState: "paid" } } }, paid: {} },
};

/** Fails instead of hanging forever when the calls under test deadlock. */
async function settlesWithin<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("deadlock: the calls did not settle")), ms);
  });
  try {
    return await Promise.race([work, stuck]);
  } finally {
    clearTimeout(timer);
  }
}

describe("initialize() and caller transactions on @duraflows/pg", () => {
  let env: PgTestSchema;
  const pools: pg.Pool[] = [];
  const definitionRows = async () =>
    (await env.pool.query("SELECT count(*)::int AS n FROM workflow_definitions")).rows[0].n as number;

  beforeAll(async () => {
    env = await createPgTestSchema("pg-initialize-in-transactions", "duraflows_pg_it");
  });
  beforeEach(async () => {
    await env.truncate();
  });
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
    await env?.drop();
  });

  it("re-syncs the definitions on the next call after initialize() ran in a transaction that rolled back", async () => {
    const { runtime } = createPgRuntime(env.pool, { definitions: [order] });
    await expect(
      PgTransactionContext.transaction(env.pool, async () => {
        await runtime.initialize();
        expect(await definitionRows()).toBe(0); // not visible outside the open transaction
        throw new Error("rollback");
      }),
    ).rejects.toThrow("rollback");
    expect(await definitionRows()).toBe(0);
    await runtime.initialize();
    expect(await definitionRows()).toBe(1);
    const instance = await runtime.createInstance({ workflowName: "init-order" });
    expect(instance.definitionVersion).toBe(1);
  });

  it.each([1, 4])(
    "does not deadlock when transactions hold all %i pool clients while initialize() runs outside",
    async (max) => {
      const pool = env.createPool({ max });
      pools.push(pool);
      const { runtime } = createPgRuntime(pool, { definitions: [order] });
      let open!: () => void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      const entered: Promise<void>[] = [];
      const transactions = Array.from({ length: max }, () => {
        let signal!: () => void;
        entered.push(new Promise<void>((resolve) => (signal = resolve)));
        return PgTransactionContext.transaction(pool, async () => {
          signal();
          await gate;
          return runtime.createInstance({ workflowName: "init-order" });
        });
      });
      await Promise.all(entered);
      const outside = runtime.initialize();
      open();
      const created = await settlesWithin(Promise.all([...transactions, outside]), 10_000);
      expect(created.filter((value) => value !== undefined)).toHaveLength(max);
      expect(await definitionRows()).toBe(1);
    },
    20_000,
  );
});
