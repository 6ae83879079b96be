import { WorkflowError, type WorkflowExecutionResult } from "@duraflows/core";
import { describe, expect, it } from "vitest";
import { KyselyWorkflowIdempotencyStore } from "../../src/kysely-workflow-idempotency-store.js";
import { statementsOf } from "../support/in-recorded-transaction.js";
import { RecordingDatabase } from "../support/recording-dialect.js";

const uuid = "00000000-0000-4000-8000-0000000000bb";
const result: WorkflowExecutionResult = {
  outcome: "success",
  fromState: "a",
  toState: "b",
  commandResults: [],
  historyUuid: "h",
};

describe("KyselyWorkflowIdempotencyStore", () => {
  it("requires the active transaction for every method", async () => {
    const store = new KyselyWorkflowIdempotencyStore(new RecordingDatabase().db);
    const error = new WorkflowError("WorkflowIdempotencyStore requires an active transaction");
    await expect(store.find(uuid, "k")).rejects.toThrow(error);
    await expect(store.reserve({ workflowInstanceUuid: uuid, key: "k", eventName: "e" })).rejects.toThrow(
      error,
    );
    await expect(store.complete(uuid, "k", result)).rejects.toThrow(error);
  });

  it("reserves with a NULL fingerprint when omitted and completes only an open reservation", async () => {
    const recording = new RecordingDatabase();
    recording.responder = ({ sql }) => (sql.startsWith("update") ? { numAffectedRows: 1n } : undefined);
    const store = new KyselyWorkflowIdempotencyStore(recording.db);
    const statements = await statementsOf(recording, async () => {
      await store.reserve({ workflowInstanceUuid: uuid, key: "k", eventName: "e" });
      await store.complete(uuid, "k", result);
    });
    expect(statements).toEqual([
      {
        sql: 'insert into "workflow_event_idempotency" ("workflow_instance_uuid", "idempotency_key", "event_name", "fingerprint") values ($1, $2, $3, $4)',
        parameters: [uuid, "k", "e", null],
      },
      {
        sql: 'update "workflow_event_idempotency" set "result_json" = $1 where "workflow_instance_uuid" = $2 and "idempotency_key" = $3 and "result_json" is null',
        parameters: [JSON.stringify(result), uuid, "k"],
      },
    ]);
  });

  it("rejects completing a missing or completed reservation", async () => {
    const recording = new RecordingDatabase();
    recording.responder = () => ({ numAffectedRows: 0n });
    const store = new KyselyWorkflowIdempotencyStore(recording.db);
    await expect(statementsOf(recording, () => store.complete(uuid, "k", result))).rejects.toThrow(
      new WorkflowError("Idempotency reservation is missing or already completed"),
    );
  });

  it("maps a receipt row, NULL fingerprint becoming undefined", async () => {
    const recording = new RecordingDatabase();
    const createdAt = new Date("2024-01-01T00:00:00.000Z");
    recording.responder = ({ sql }) =>
      sql.startsWith("select")
        ? {
            rows: [
              {
                workflow_instance_uuid: uuid,
                idempotency_key: "k",
                event_name: "e",
                fingerprint: null,
                result_json: null,
                created_at: createdAt,
              },
            ],
          }
        : undefined;
    const store = new KyselyWorkflowIdempotencyStore(recording.db);
    let found: unknown;
    await statementsOf(recording, async () => {
      found = await store.find(uuid, "k");
    });
    expect(found).toEqual({
      workflowInstanceUuid: uuid,
      key: "k",
      eventName: "e",
      fingerprint: undefined,
      result: null,
      createdAt,
    });
  });
});
