import {
  InMemoryGuardRegistry,
  WorkflowInstanceBusyError,
  type DurableWorkflowExecution,
  type WorkflowDefinition,
  type WorkflowRuntimeOptions,
} from "@duraflows/core";
import { SimulatedClock } from "@duraflows/core/testing";
import type pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PgTransactionContext, type PgWorkflowProvidersOptions } from "../../src/index.js";
import { createPgRuntime } from "../support/pg-runtime.js";
import { createPgTestSchema, type PgTestSchema } from "../support/pg-test-schema.js";
import { recordKeywords } from "../support/record-keywords.js";

const order: WorkflowDefinition = {
  name: "opt-enqueue-order",
  initialState: "new",
  states: {
    new: {
      events: {
        Ship: { targetState: "shipped", commands: [{ name: "noop" }] },
        Check: { guard: { name: "allow" }, targetState: "shipped" },
      },
    },
    shipped: {},
  },
};

/** What an accepted record holds besides its own identity and the moment it was built. */
function comparable(execution: DurableWorkflowExecution) {
  const { uuid, workflowInstanceUuid, createdAt, updatedAt, availableAt, ...rest } = execution;
  return {
    ...rest,
    ids: [typeof uuid, typeof workflowInstanceUuid, createdAt === updatedAt, availableAt === createdAt],
  };
}

describe("@duraflows/pg optimistic enqueueEvent", () => {
  let env: PgTestSchema;
  const pools: pg.Pool[] = [];

  const pool = (): pg.Pool => {
    const created = env.createPool();
    pools.push(created);
    return created;
  };

  const build = (
    target: pg.Pool,
    options: { runtime?: Partial<WorkflowRuntimeOptions>; providers?: PgWorkflowProvidersOptions } = {},
  ) => {
    const guardRegistry = new InMemoryGuardRegistry();
    guardRegistry.register("allow", { name: "allow", evaluate: () => true });
    return createPgRuntime(target, {
      definitions: [order],
      commands: { noop: { execute: () => ({ ok: true }) } },
      clock: new SimulatedClock(new Date("2026-01-01T00:00:00.000Z")),
      providers: { durableExecution: true, ...options.providers },
      runtime: { guardRegistry, optimisticTransitions: true, ...options.runtime },
    });
  };

  /** Resolves once `count` statements wait for a row lock, or fails after 5 s. */
  const lockWaiters = async (count: number): Promise<void> => {
    for (let tries = 0; tries < 500; tries++) {
      const { rows } = await env.pool.query<{ waiting: number }>(
        "SELECT count(*)::int AS waiting FROM pg_locks WHERE NOT granted",
      );
      if (rows[0]!.waiting >= count) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`expected ${count} statement(s) waiting for a lock`);
  };

  /** Holds the instance's row lock on a connection of its own until `release` runs `finish` and commits. */
  const holdInstanceLock = async (uuid: string) => {
    const client = await env.pool.connect();
    await client.query("BEGIN");
    await client.query("SELECT 1 FROM workflow_instances WHERE uuid = $1 FOR UPDATE", [uuid]);
    return {
      release: async (finish?: (client: pg.PoolClient) => Promise<unknown>) => {
        try {
          if (finish) await finish(client);
          await client.query("COMMIT");
        } finally {
          client.release();
        }
      },
    };
  };

  beforeAll(async () => {
    env = await createPgTestSchema("pg-optimistic-enqueue", "duraflows_pg_it");
  });
  beforeEach(async () => {
    await env.truncate();
  });
  afterAll(async () => {
    await Promise.all(pools.map((created) => created.end()));
    await env?.drop();
  });

  it("accepts with one read and one statement outside any transaction, the same record as the locking path", async () => {
    const accepted = await Promise.all(
      [true, false].map(async (optimisticTransitions) => {
        const target = pool();
        const seen = recordKeywords(target);
        const { runtime } = build(target, { runtime: { optimisticTransitions } });
        const created = await runtime.createInstance({ workflowName: order.name, context: { n: 1 } });
        seen.length = 0;
        const execution = await runtime.enqueueEvent({
          workflowInstanceUuid: created.uuid,
          eventName: "Ship",
          idempotencyKey: "k",
          subject: { id: 7 },
          triggerMetadata: { by: "test" },
        });
        const statements = [...seen];
        expect(await runtime.getExecution(execution.uuid)).toEqual(execution);
        return { execution, statements };
      }),
    );
    expect(accepted[0]!.statements).toEqual(["SELECT", "WITH"]);
    expect(accepted[1]!.statements).toEqual(["BEGIN", "SELECT", "WITH", "COMMIT"]);
    expect(comparable(accepted[0]!.execution)).toEqual(comparable(accepted[1]!.execution));
    expect(accepted[0]!.execution).toMatchObject({ status: "pending", revision: 0, instanceVersion: 0 });
  });

  it("replays a key and refuses a conflicting key and a busy instance in one statement, as the locking path does", async () => {
    const outcomes = await Promise.all(
      [true, false].map(async (optimisticTransitions) => {
        const target = pool();
        const seen = recordKeywords(target);
        const { runtime } = build(target, { runtime: { optimisticTransitions } });
        const { uuid } = await runtime.createInstance({ workflowName: order.name });
        const first = await runtime.enqueueEvent({
          workflowInstanceUuid: uuid,
          eventName: "Ship",
          idempotencyKey: "k",
        });
        seen.length = 0;
        const replay = await runtime.enqueueEvent({
          workflowInstanceUuid: uuid,
          eventName: "Ship",
          idempotencyKey: "k",
        });
        const replayStatements = [...seen];
        const refusals = [];
        for (const input of [
          { eventName: "Check", idempotencyKey: "k" },
          { eventName: "Ship", idempotencyKey: "other" },
        ]) {
          const error = await runtime
            .enqueueEvent({ workflowInstanceUuid: uuid, ...input })
            .catch((thrown: unknown) => thrown as Error);
          refusals.push([
            (error as Error).constructor.name,
            (error as Error).message.replace(uuid, "<uuid>"),
          ]);
        }
        expect(replay).toEqual(first);
        return { replayStatements, refusals };
      }),
    );
    expect(outcomes[0]!.replayStatements).toEqual(["SELECT", "WITH"]);
    expect(outcomes[0]!.refusals).toEqual(outcomes[1]!.refusals);
    expect(outcomes[0]!.refusals.map(([name]) => name)).toEqual([
      "IdempotencyConflictError",
      "WorkflowInstanceBusyError",
    ]);
  });

  it("a transition committed while the statement waits for the instance lock sends the enqueue to the locking path", async () => {
    const target = pool();
    const seen = recordKeywords(target);
    const { runtime } = build(target);
    const { uuid, version } = await runtime.createInstance({ workflowName: order.name });
    const lock = await holdInstanceLock(uuid);
    seen.length = 0;
    const enqueued = runtime.enqueueEvent({
      workflowInstanceUuid: uuid,
      eventName: "Ship",
      idempotencyKey: "k",
    });
    // The record was built from version 1; the statement now waits for the lock held above.
    await lockWaiters(1);
    await lock.release((client) =>
      client.query("UPDATE workflow_instances SET version = version + 1 WHERE uuid = $1", [uuid]),
    );
    const execution = await enqueued;
    expect(execution.instanceVersion).toBe(version + 1);
    expect(seen).toEqual(["SELECT", "WITH", "BEGIN", "SELECT", "WITH", "COMMIT"]);
    expect(await runtime.getExecution(execution.uuid)).toEqual(execution);
  });

  it("an enqueue committed while the statement waits for the instance lock leaves the other busy, not a raw unique violation", async () => {
    const { runtime } = build(pool());
    const { uuid } = await runtime.createInstance({ workflowName: order.name });
    const lock = await holdInstanceLock(uuid);
    // Both read version 1 and found nothing active; both statements wait for the lock.
    const racing = ["a", "b"].map((key) =>
      runtime.enqueueEvent({ workflowInstanceUuid: uuid, eventName: "Ship", idempotencyKey: key }),
    );
    await lockWaiters(2);
    await lock.release();
    const settled = await Promise.allSettled(racing);
    const accepted = settled.filter((outcome) => outcome.status === "fulfilled");
    const refused = settled.flatMap((outcome) => (outcome.status === "rejected" ? [outcome.reason] : []));
    expect(accepted).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toBeInstanceOf(WorkflowInstanceBusyError);
    const { rows } = await env.pool.query(
      "SELECT uuid FROM workflow_executions WHERE workflow_instance_uuid = $1",
      [uuid],
    );
    expect(rows).toHaveLength(1);
  });

  it("takes the locking path for a guard, wake-ups, a caller's transaction and a wrapped store method", async () => {
    const target = pool();
    const seen = recordKeywords(target);
    const enqueue = async (runtime: ReturnType<typeof build>["runtime"], eventName: string, key: string) => {
      const { uuid } = await runtime.createInstance({ workflowName: order.name });
      seen.length = 0;
      await runtime.enqueueEvent({ workflowInstanceUuid: uuid, eventName, idempotencyKey: key });
      return seen[0];
    };
    const plain = build(target);
    expect(await enqueue(plain.runtime, "Check", "guarded")).toBe("BEGIN");
    expect(await enqueue(plain.runtime, "Ship", "plain")).toBe("SELECT");
    const notifying = build(target, { providers: { notify: true } });
    expect(await enqueue(notifying.runtime, "Ship", "notify")).toBe("BEGIN");
    const inCaller = await PgTransactionContext.transaction(target, () =>
      enqueue(plain.runtime, "Ship", "caller"),
    );
    expect(inCaller).toBe("SAVEPOINT");
    const wrapped = build(target);
    const store = wrapped.provider.executionStore!;
    const create = store.create.bind(store);
    store.create = (execution) => create(execution);
    expect(await enqueue(wrapped.runtime, "Ship", "wrapped")).toBe("BEGIN");
  });
});
