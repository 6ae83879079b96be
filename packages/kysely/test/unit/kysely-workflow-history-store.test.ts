import { WorkflowError } from "@duraflows/core";
import { describe, expect, it } from "vitest";
import { KyselyWorkflowHistoryStore } from "../../src/kysely-workflow-history-store.js";
import { RecordingDatabase } from "../support/recording-dialect.js";

const at = new Date("2024-03-01T10:00:00.000Z");
const instanceUuid = "00000000-0000-4000-8000-0000000000aa";

describe("KyselyWorkflowHistoryStore", () => {
  it("appends with NULL for absent fields, JSON strings and `{}` trigger metadata, returning the generated uuid", async () => {
    const recording = new RecordingDatabase();
    recording.responder = () => ({ rows: [{ uuid: "generated" }] });
    const uuid = await new KyselyWorkflowHistoryStore(recording.db).append({
      workflowInstanceUuid: instanceUuid,
      fromState: null,
      eventName: "create",
      toState: "new",
      outcome: "success",
      commandResultsJson: [{ ok: true }],
    });
    expect(uuid).toBe("generated");
    expect(recording.statements[0].sql).toBe(
      'insert into "workflow_history" ("workflow_instance_uuid", "from_state", "event_name", "to_state", "outcome", "error_message", "rejected_by", "command_results_json", "trigger_metadata_json", "definition_version") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning "uuid"',
    );
    expect(recording.statements[0].parameters).toEqual([
      instanceUuid,
      null,
      "create",
      "new",
      "success",
      null,
      null,
      '[{"ok":true}]',
      "{}",
      null,
    ]);
  });

  it("throws the RETURNING guard error when no row comes back", async () => {
    const recording = new RecordingDatabase();
    const append = new KyselyWorkflowHistoryStore(recording.db).append({
      workflowInstanceUuid: instanceUuid,
      fromState: "a",
      eventName: "go",
      toState: "b",
      outcome: "guard-rejected",
      rejectedBy: "g",
      commandResultsJson: [],
      triggerMetadata: { by: "me" },
      definitionVersion: 2,
    });
    await expect(append).rejects.toThrow(
      new WorkflowError("Failed to append workflow history: INSERT ... RETURNING uuid returned no row"),
    );
    expect(recording.statements[0].parameters).toEqual([
      instanceUuid,
      "a",
      "go",
      "b",
      "guard-rejected",
      null,
      "g",
      "[]",
      '{"by":"me"}',
      2,
    ]);
  });

  it("reads newest first with limit 50 / offset 0 by default and maps NULLs to undefined", async () => {
    const recording = new RecordingDatabase();
    recording.responder = () => ({
      rows: [
        {
          uuid: "h1",
          workflow_instance_uuid: instanceUuid,
          from_state: "a",
          event_name: "go",
          to_state: "b",
          outcome: "failure",
          error_message: null,
          rejected_by: null,
          command_results_json: [{ ok: false }],
          trigger_metadata_json: { by: "me" },
          definition_version: null,
          created_at: at,
        },
      ],
    });
    const store = new KyselyWorkflowHistoryStore(recording.db);
    expect(await store.findByInstanceUuid(instanceUuid)).toEqual([
      {
        uuid: "h1",
        workflowInstanceUuid: instanceUuid,
        fromState: "a",
        eventName: "go",
        toState: "b",
        outcome: "failure",
        errorMessage: undefined,
        rejectedBy: undefined,
        commandResultsJson: [{ ok: false }],
        triggerMetadata: { by: "me" },
        definitionVersion: undefined,
        createdAt: at,
      },
    ]);
    await store.findByInstanceUuid(instanceUuid, { limit: 5, offset: 10 });
    expect(recording.statements.map(({ sql, parameters }) => ({ sql, parameters }))).toEqual([
      {
        sql: 'select * from "workflow_history" where "workflow_instance_uuid" = $1 order by "seq" desc limit $2 offset $3',
        parameters: [instanceUuid, 50, 0],
      },
      {
        sql: 'select * from "workflow_history" where "workflow_instance_uuid" = $1 order by "seq" desc limit $2 offset $3',
        parameters: [instanceUuid, 5, 10],
      },
    ]);
  });
});
