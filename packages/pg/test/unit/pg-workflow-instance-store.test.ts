import { WorkflowError } from "@duraflows/core";
import { describe, expect, it } from "vitest";
import { PgTransactionContext } from "../../src/pg-transaction-context.js";
import { PgWorkflowInstanceStore } from "../../src/pg-workflow-instance-store.js";
import { instanceFixture } from "../support/fixtures.js";
import { recordingPool, type FakeResult, type RecordedQuery } from "../support/recording-pool.js";

/** A row as `pg` returns it, with timestamps as ISO strings so the test sees the `new Date(...)` wrapping. */
const row = (overrides: Record<string, unknown> = {}) => ({
  uuid: "00000000-0000-4000-8000-000000000001",
  workflow_name: "order",
  current_state: "open",
  version: 3,
  definition_version: null,
  expires_at: null,
  last_transition_at: "2030-01-01T00:00:00.000Z",
  context_json: { a: 1 },
  metadata_json: { m: true },
  created_at: "2029-01-01T00:00:00.000Z",
  updated_at: "2030-01-01T00:00:00.000Z",
  timeout_attempts: 0,
  timeout_retry_at: null,
  timeout_last_error: null,
  timeout_parked_at: null,
  ...overrides,
});

function storeAnswering(respond: (query: RecordedQuery) => FakeResult | undefined) {
  const recording = recordingPool({ respond });
  return { ...recording, store: new PgWorkflowInstanceStore(recording.pool) };
}

describe("PgWorkflowInstanceStore row mapping", () => {
  it("maps a row: dates wrapped, NULL definition_version ⇒ null, attempts 0 ⇒ null timeoutRetry", async () => {
    const { store } = storeAnswering(() => ({ rows: [row()] }));
    const instance = await store.findByUuid("u");
    expect(instance).toEqual({
      uuid: "00000000-0000-4000-8000-000000000001",
      workflowName: "order",
      currentState: "open",
      version: 3,
      definitionVersion: null,
      expiresAt: null,
      timeoutRetry: null,
      lastTransitionAt: new Date("2030-01-01T00:00:00.000Z"),
      context: { a: 1 },
      metadata: { m: true },
      createdAt: new Date("2029-01-01T00:00:00.000Z"),
      updatedAt: new Date("2030-01-01T00:00:00.000Z"),
    });
    expect(instance!.createdAt).toBeInstanceOf(Date);
  });

  it("maps the timeout columns: NULL last error ⇒ empty string, NULL attempts ⇒ null timeoutRetry", async () => {
    const retrying = row({
      definition_version: 2,
      expires_at: "2030-01-02T00:00:00.000Z",
      timeout_attempts: 2,
      timeout_retry_at: "2030-01-03T00:00:00.000Z",
      timeout_parked_at: "2030-01-04T00:00:00.000Z",
    });
    const { store } = storeAnswering(() => ({ rows: [retrying, row({ timeout_attempts: null })] }));
    const [first, second] = await store.findParkedTimeouts({ limit: 2 });
    expect(first.definitionVersion).toBe(2);
    expect(first.expiresAt).toEqual(new Date("2030-01-02T00:00:00.000Z"));
    expect(first.timeoutRetry).toEqual({
      attempts: 2,
      lastError: "",
      retryAt: new Date("2030-01-03T00:00:00.000Z"),
      parkedAt: new Date("2030-01-04T00:00:00.000Z"),
    });
    expect(second.timeoutRetry).toBeNull();
  });

  it("returns null for a missing row, from findByUuid and from lockByUuid", async () => {
    const { store, pool, client } = storeAnswering(() => ({ rows: [] }));
    expect(await store.findByUuid("u")).toBeNull();
    expect(await PgTransactionContext.run(pool, client as never, () => store.lockByUuid("u"))).toBeNull();
  });
});

describe("PgWorkflowInstanceStore transaction use", () => {
  it("locking reads require the transaction and never fall back to the pool", async () => {
    const { store, queries } = storeAnswering(() => undefined);
    await expect(store.lockByUuid("u")).rejects.toThrow(
      new WorkflowError("lockByUuid requires an active transaction"),
    );
    await expect(store.findExpired(5, new Date())).rejects.toThrow(
      new WorkflowError("findExpired requires an active transaction"),
    );
    expect(queries).toEqual([]);
  });

  it("runs on the transaction's client when one is active, else on the pool", async () => {
    const { store, pool, client, queries } = storeAnswering(() => ({ rows: [{ count: 0 }] }));
    const input = { workflowName: "order", definitionVersion: 1, excludeStates: [] };
    await store.countInstances(input);
    await PgTransactionContext.run(pool, client as never, async () => {
      await store.countInstances(input);
      await store.findExpired(5, new Date(), { excludeActiveExecutions: true });
      await store.lockByUuid("u");
    });
    expect(queries.map((query) => query.via)).toEqual(["pool", "client", "client", "client"]);
    expect(queries[2].values).toEqual([5, expect.any(Date)]);
    expect(queries[2].text).toContain("NOT EXISTS");
    expect(queries[3].text).toMatch(/FOR UPDATE$/);
  });
});

describe("PgWorkflowInstanceStore writes and counts", () => {
  it("update throws the exact optimistic-locking message when no row matched", async () => {
    const { store } = storeAnswering(() => ({ rowCount: 0 }));
    const update = store.update(
      instanceFixture({ uuid: "00000000-0000-4000-8000-00000000000a", version: 5 }),
    );
    await expect(update).rejects.toBeInstanceOf(WorkflowError);
    await expect(update).rejects.toThrow(
      'Optimistic locking failure: workflow instance "00000000-0000-4000-8000-00000000000a" was modified concurrently (expected version 4)',
    );
  });

  it("update succeeds when one row matched", async () => {
    const { store, queries } = storeAnswering(() => ({ rowCount: 1 }));
    await store.update(instanceFixture({ version: 2 }));
    expect(queries[0].values.at(-1)).toBe(1);
  });

  it("countInstances returns a number; findInstanceUuids returns the uuids in the order read", async () => {
    const counting = storeAnswering(() => ({ rows: [{ count: 7 }] }));
    await expect(
      counting.store.countInstances({ workflowName: "order", definitionVersion: 1, excludeStates: ["done"] }),
    ).resolves.toBe(7);
    const paging = storeAnswering(() => ({ rows: [{ uuid: "a" }, { uuid: "b" }] }));
    await expect(
      paging.store.findInstanceUuids({ workflowName: "order", definitionVersion: 1, limit: 2 }),
    ).resolves.toEqual(["a", "b"]);
    expect(paging.queries[0].values).toEqual(["order", 1, null, 2, null, null]);
  });
});
