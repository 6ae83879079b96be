import { WorkflowError, type WorkflowDefinition } from "@duraflows/core";
import { describe, expect, it } from "vitest";
import { KyselyWorkflowDefinitionStore } from "../../src/kysely-workflow-definition-store.js";
import { RecordingDatabase } from "../support/recording-dialect.js";

const definition = { name: "order", initialState: "new", states: {} } as unknown as WorkflowDefinition;
const registeredAt = new Date("2024-05-01T00:00:00.000Z");
const stored = {
  workflow_name: "order",
  version: 2,
  content_hash: "sha256:abc",
  definition_json: definition,
  registered_at: registeredAt,
};

describe("KyselyWorkflowDefinitionStore", () => {
  it("inserts ON CONFLICT DO NOTHING, then returns the re-selected row", async () => {
    const recording = new RecordingDatabase();
    recording.responder = ({ sql }) => (sql.startsWith("select") ? { rows: [stored] } : undefined);
    const result = await new KyselyWorkflowDefinitionStore(recording.db).ensure({
      workflowName: "order",
      version: 2,
      contentHash: "sha256:abc",
      definitionJson: definition,
    });
    expect(result).toEqual({
      workflowName: "order",
      version: 2,
      contentHash: "sha256:abc",
      definitionJson: definition,
      registeredAt,
    });
    expect(recording.statements.map(({ sql, parameters }) => ({ sql, parameters }))).toEqual([
      {
        sql: 'insert into "workflow_definitions" ("workflow_name", "version", "content_hash", "definition_json") values ($1, $2, $3, $4) on conflict ("workflow_name", "version") do nothing',
        parameters: ["order", 2, "sha256:abc", JSON.stringify(definition)],
      },
      {
        sql: 'select * from "workflow_definitions" where "workflow_name" = $1 and "version" = $2',
        parameters: ["order", 2],
      },
    ]);
  });

  it("throws when the re-select finds nothing", async () => {
    const recording = new RecordingDatabase();
    const ensure = new KyselyWorkflowDefinitionStore(recording.db).ensure({
      workflowName: "order",
      version: 9,
      contentHash: "sha256:abc",
      definitionJson: definition,
    });
    await expect(ensure).rejects.toThrow(
      new WorkflowError('Failed to ensure workflow definition "order" version 9'),
    );
  });

  it("lists versions in ascending order and finds none for an unknown pair", async () => {
    const recording = new RecordingDatabase();
    const store = new KyselyWorkflowDefinitionStore(recording.db);
    expect(await store.findByNameAndVersion("order", 1)).toBeNull();
    expect(await store.listVersions("order")).toEqual([]);
    expect(recording.sql()[1]).toBe(
      'select * from "workflow_definitions" where "workflow_name" = $1 order by "version"',
    );
  });
});
