import type { WorkflowDefinition, WorkflowHistoryRecord } from "@duraflows/core";
import type pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PgTransactionRunner } from "../../src/pg-transaction-runner.js";
import { PgWorkflowHistoryStore } from "../../src/pg-workflow-history-store.js";
import { createPgRuntime } from "../support/pg-runtime.js";
import { createPgTestSchema, type PgTestSchema } from "../support/pg-test-schema.js";
import { recordKeywords } from "../support/record-keywords.js";

const order: WorkflowDefinition = {
  name: "finish-write-order",
  initialState: "new",
  states: {
    new: { events: { Ship: { targetState: "shipped", commands: [{ name: "noop" }] } } },
    shipped: {},
  },
};

/*
 * A durable execution's last checkpoint moves the instance, appends the history row and saves the completed
 * record. In @duraflows/pg the three writes are one statement, which must store exactly what the separate
 * writes store (the record's result naming the history row) and fail the way they fail.
 */
describe("PgWorkflowExecutionStore.updateWithTransition", () => {
  let env: PgTestSchema;
  const pools: pg.Pool[] = [];

  const pool = (): pg.Pool => {
    const created = env.createPool();
    pools.push(created);
    return created;
  };

  const build = (target: pg.Pool) =>
    createPgRuntime(target, {
      definitions: [order],
      commands: { noop: { execute: () => ({ ok: true }) } },
      providers: { durableExecution: true },
    });

  /** Enqueues Ship on a new instance and runs the worker once; the statements of that pass, and the records. */
  const finishOne = async (built: ReturnType<typeof build>, seen: string[]) => {
    const { runtime } = built;
    const { uuid } = await runtime.createInstance({ workflowName: order.name });
    const accepted = await runtime.enqueueEvent({
      workflowInstanceUuid: uuid,
      eventName: "Ship",
      idempotencyKey: "k",
    });
    seen.length = 0;
    const pass = await runtime.processPendingExecutions();
    expect(pass.completed).toEqual([accepted.uuid]);
    const statements = [...seen];
    const execution = (await runtime.getExecution(accepted.uuid))!;
    const history = await runtime.getHistory(uuid);
    const instance = (await runtime.getInstance(uuid))!;
    return { statements, execution, history, instance };
  };

  beforeAll(async () => {
    env = await createPgTestSchema("pg-durable-finish-write", "duraflows_pg_it");
  });
  beforeEach(async () => {
    await env.truncate();
  });
  afterAll(async () => {
    await Promise.all(pools.map((created) => created.end()));
    await env?.drop();
  });

  it("writes the instance, the history row and the completed record in one statement, as the separate writes do", async () => {
    const mergedPool = pool();
    const merged = await finishOne(build(mergedPool), recordKeywords(mergedPool));
    // The claim, then the owned transaction: lock and read, the one finishing write, commit.
    expect(merged.statements).toEqual(["WITH", "BEGIN", "WITH", "WITH", "COMMIT"]);
    expect(merged.execution.result!.historyUuid).toBe(merged.history[0]!.uuid);

    const separatePool = pool();
    const separately = build(separatePool);
    const store = separately.provider.executionStore!;
    const update = store.update.bind(store);
    // A wrapped update must see the save, so the runtime writes separately.
    store.update = (execution) => update(execution);
    const split = await finishOne(separately, recordKeywords(separatePool));
    expect(split.statements).toEqual(["WITH", "BEGIN", "WITH", "WITH", "UPDATE", "COMMIT"]);
    expect(split.execution.result!.historyUuid).toBe(split.history[0]!.uuid);

    const comparable = (run: typeof merged) => ({
      execution: {
        ...run.execution,
        uuid: typeof run.execution.uuid,
        workflowInstanceUuid: typeof run.execution.workflowInstanceUuid,
        createdAt: typeof run.execution.createdAt,
        updatedAt: typeof run.execution.updatedAt,
        availableAt: typeof run.execution.availableAt,
        result: { ...run.execution.result, historyUuid: typeof run.execution.result!.historyUuid },
      },
      history: run.history.map(({ uuid, workflowInstanceUuid, createdAt, ...row }) => ({
        ...row,
        ids: [typeof uuid, typeof workflowInstanceUuid, typeof createdAt],
      })),
      instance: {
        state: run.instance.currentState,
        version: run.instance.version,
        context: run.instance.context,
      },
    });
    expect(comparable(merged)).toEqual(comparable(split));
  });

  it("throws the instance write's optimistic-locking error or the revision conflict, and the transaction keeps nothing", async () => {
    const target = pool();
    const built = build(target);
    const { runtime, provider } = built;
    const store = provider.executionStore!;
    const history = provider.historyStore;
    const runner = new PgTransactionRunner(target);
    const { uuid } = await runtime.createInstance({ workflowName: order.name });
    const accepted = await runtime.enqueueEvent({
      workflowInstanceUuid: uuid,
      eventName: "Ship",
      idempotencyKey: "k",
    });
    const instance = (await runtime.getInstance(uuid))!;
    const record: WorkflowHistoryRecord = {
      workflowInstanceUuid: uuid,
      fromState: "new",
      eventName: "Ship",
      toState: "shipped",
      outcome: "success",
      commandResultsJson: [],
      triggerMetadata: {},
      definitionVersion: 1,
    };
    const completed = () => ({
      ...accepted,
      status: "completed" as const,
      revision: accepted.revision + 1,
      result: {
        outcome: "success" as const,
        fromState: "new",
        toState: "shipped",
        commandResults: [],
        historyUuid: "",
      },
    });
    const attempt = (moved: typeof instance, execution: ReturnType<typeof completed>) =>
      runner
        .runInTransaction(() => store.updateWithTransition!(history, moved, record, execution))
        .catch((error: unknown) => error as Error);

    const stale = await attempt(
      { ...instance, currentState: "shipped", version: instance.version + 2 },
      completed(),
    );
    expect((stale as Error).message).toBe(
      `Optimistic locking failure: workflow instance "${uuid}" was modified concurrently (expected version ${instance.version + 1})`,
    );
    const conflicting = await attempt(
      { ...instance, currentState: "shipped", version: instance.version + 1 },
      { ...completed(), revision: accepted.revision + 5 },
    );
    expect((conflicting as Error).message).toBe("Durable execution revision conflict");
    expect(await runtime.getHistory(uuid)).toEqual([]);
    expect(await runtime.getInstance(uuid)).toEqual(instance);
    expect(await runtime.getExecution(accepted.uuid)).toEqual(accepted);
  });

  it("declines outside a transaction and for a history store of another pool", async () => {
    const target = pool();
    const { provider } = build(target);
    const store = provider.executionStore!;
    const execution = { result: { historyUuid: "" } } as never;
    await expect(
      store.updateWithTransition!(provider.historyStore, {} as never, {} as never, execution),
    ).resolves.toBe(undefined);
    const runner = new PgTransactionRunner(target);
    const foreign = new PgWorkflowHistoryStore(pool());
    await expect(
      runner.runInTransaction(() =>
        store.updateWithTransition!(foreign, {} as never, {} as never, execution),
      ),
    ).resolves.toBe(undefined);
  });
});
