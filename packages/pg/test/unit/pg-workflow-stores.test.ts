import { WorkflowError, type DurableWorkflowExecution } from "@duraflows/core";
import { describe, expect, it } from "vitest";
import { PgTransactionContext } from "../../src/pg-transaction-context.js";
import { PgWorkflowDefinitionStore } from "../../src/pg-workflow-definition-store.js";
import { PgWorkflowExecutionStore } from "../../src/pg-workflow-execution-store.js";
import { PgWorkflowHistoryStore } from "../../src/pg-workflow-history-store.js";
import { PgWorkflowIdempotencyStore } from "../../src/pg-workflow-idempotency-store.js";
import { recordingPool, type FakeResult, type RecordedQuery } from "../support/recording-pool.js";

const answering = (respond: (query: RecordedQuery) => FakeResult | undefined) => recordingPool({ respond });

describe("PgWorkflowHistoryStore", () => {
  const record = {
    workflowInstanceUuid: "i",
    fromState: null,
    eventName: "go",
    toState: "b",
    outcome: "success" as const,
    commandResultsJson: [],
  };

  it("returns the uuid of RETURNING and throws the exact guard error when no row comes back", async () => {
    const returning = answering(() => ({ rows: [{ uuid: "h-1" }] }));
    await expect(new PgWorkflowHistoryStore(returning.pool).append(record)).resolves.toBe("h-1");
    const empty = answering(() => ({ rows: [] }));
    const append = new PgWorkflowHistoryStore(empty.pool).append(record);
    await expect(append).rejects.toBeInstanceOf(WorkflowError);
    await expect(append).rejects.toThrow(
      "Failed to append workflow history: INSERT ... RETURNING uuid returned no row",
    );
  });

  it("pages 50 rows from offset 0 by default and maps NULL columns to undefined", async () => {
    const recording = answering(() => ({
      rows: [
        {
          uuid: "h-1",
          workflow_instance_uuid: "i",
          from_state: null,
          event_name: "go",
          to_state: "b",
          outcome: "guard-rejected",
          error_message: null,
          rejected_by: null,
          command_results_json: [],
          trigger_metadata_json: { source: "api" },
          definition_version: null,
          created_at: "2030-01-01T00:00:00.000Z",
        },
      ],
    }));
    const store = new PgWorkflowHistoryStore(recording.pool);
    const [read] = await store.findByInstanceUuid("i");
    expect(recording.queries[0].values).toEqual(["i", 50, 0]);
    expect(read).toEqual({
      uuid: "h-1",
      workflowInstanceUuid: "i",
      fromState: null,
      eventName: "go",
      toState: "b",
      outcome: "guard-rejected",
      errorMessage: undefined,
      rejectedBy: undefined,
      commandResultsJson: [],
      triggerMetadata: { source: "api" },
      definitionVersion: undefined,
      createdAt: new Date("2030-01-01T00:00:00.000Z"),
    });
    await store.findByInstanceUuid("i", { limit: 5, offset: 10 });
    expect(recording.queries[1].values).toEqual(["i", 5, 10]);
  });
});

describe("PgWorkflowDefinitionStore", () => {
  const input = { workflowName: "order", version: 2, contentHash: "sha256:x", definitionJson: {} as never };

  it("inserts ON CONFLICT DO NOTHING, re-selects, and maps registeredAt to a Date", async () => {
    const recording = answering((query) =>
      query.text.startsWith("SELECT")
        ? {
            rows: [
              {
                workflow_name: "order",
                version: 2,
                content_hash: "sha256:old",
                definition_json: { name: "order" },
                registered_at: "2030-01-01T00:00:00.000Z",
              },
            ],
          }
        : undefined,
    );
    const stored = await new PgWorkflowDefinitionStore(recording.pool).ensure(input);
    expect(recording.queries[0].text).toContain("ON CONFLICT (workflow_name, version) DO NOTHING");
    expect(recording.queries[1].values).toEqual(["order", 2]);
    expect(stored).toEqual({
      workflowName: "order",
      version: 2,
      contentHash: "sha256:old",
      definitionJson: { name: "order" },
      registeredAt: new Date("2030-01-01T00:00:00.000Z"),
    });
  });

  it("throws the exact message when the re-select finds nothing", async () => {
    const recording = answering(() => ({ rows: [] }));
    await expect(new PgWorkflowDefinitionStore(recording.pool).ensure(input)).rejects.toThrow(
      new WorkflowError('Failed to ensure workflow definition "order" version 2'),
    );
  });
});

describe("PgWorkflowIdempotencyStore", () => {
  it("requires the active transaction for every method", async () => {
    const { pool, queries } = answering(() => undefined);
    const store = new PgWorkflowIdempotencyStore(pool);
    const message = "WorkflowIdempotencyStore requires an active transaction";
    await expect(store.find("i", "k")).rejects.toThrow(new WorkflowError(message));
    await expect(store.reserve({ workflowInstanceUuid: "i", key: "k", eventName: "go" })).rejects.toThrow(
      message,
    );
    await expect(store.complete("i", "k", {} as never)).rejects.toThrow(message);
    expect(queries).toEqual([]);
  });

  it("maps a receipt (NULL fingerprint ⇒ undefined) and rejects a completion that changed no row", async () => {
    const { pool, client } = answering((query) =>
      query.text.startsWith("SELECT")
        ? {
            rows: [
              {
                workflow_instance_uuid: "i",
                idempotency_key: "k",
                event_name: "go",
                fingerprint: null,
                result_json: null,
                created_at: "2030-01-01T00:00:00.000Z",
              },
            ],
          }
        : { rowCount: 0 },
    );
    const store = new PgWorkflowIdempotencyStore(pool);
    await PgTransactionContext.run(pool, client as never, async () => {
      expect(await store.find("i", "k")).toEqual({
        workflowInstanceUuid: "i",
        key: "k",
        eventName: "go",
        fingerprint: undefined,
        result: null,
        createdAt: new Date("2030-01-01T00:00:00.000Z"),
      });
      await expect(store.complete("i", "k", {} as never)).rejects.toThrow(
        new WorkflowError("Idempotency reservation is missing or already completed"),
      );
    });
  });
});

describe("PgWorkflowExecutionStore", () => {
  const execution = { uuid: "e", revision: 2 } as DurableWorkflowExecution;

  it("writes require the active transaction; reads fall back to the pool", async () => {
    const { pool, queries } = answering(() => ({ rows: [{ execution_json: execution }] }));
    const store = new PgWorkflowExecutionStore(pool);
    const message = "WorkflowExecutionStore writes require an active transaction";
    await expect(store.create(execution)).rejects.toThrow(new WorkflowError(message));
    await expect(store.update(execution)).rejects.toThrow(message);
    await expect(store.findByUuid("e")).resolves.toEqual(execution);
    expect(queries.map((query) => query.via)).toEqual(["pool"]);
  });

  it("reports a revision conflict when the guarded update changed no row; counts come back as numbers", async () => {
    const { pool, client } = answering((query) =>
      query.text.startsWith("UPDATE") ? { rowCount: 0 } : { rows: [{ count: "3" }] },
    );
    const store = new PgWorkflowExecutionStore(pool);
    await PgTransactionContext.run(pool, client as never, async () => {
      await expect(store.update(execution)).rejects.toThrow(
        new WorkflowError("Durable execution revision conflict"),
      );
    });
    await expect(
      store.countInstancesUsingDefinition({ workflowName: "order", definitionVersion: 1, excludeStates: [] }),
    ).resolves.toBe(3);
  });
});
