import { WorkflowError } from "@duraflows/core";
import { describe, expect, it } from "vitest";
import {
  createMigrationProviderFrom,
  createWorkflowMigrationProvider,
  type SchemaGeneratorsLoader,
} from "../../src/create-workflow-migration-provider.js";
import { RecordingDatabase } from "../support/recording-dialect.js";

const generators = {
  generateMigrationSql: (options?: { uuidStrategy?: string }) => ({
    up: `-- strategy ${options?.uuidStrategy ?? "default"}\nCREATE TABLE a (x int);\nCREATE INDEX a_x ON a (x);\nCREATE UNIQUE INDEX a_u ON a (x);\nCREATE INDEX IF NOT EXISTS a_y ON a (x);`,
    down: "DROP TABLE IF EXISTS a;",
  }),
  generateIdempotencyMigrationSql: () => ({ up: "CREATE TABLE i (x int);", down: "DROP TABLE IF EXISTS i;" }),
  generateDurableExecutionMigrationSql: () => ({
    up: "CREATE TABLE e (x int);",
    down: "DROP TABLE IF EXISTS e;",
  }),
  generateHistorySequenceMigrationSql: () => ({
    up: "ALTER TABLE a ADD COLUMN s int;",
    down: "ALTER TABLE a DROP COLUMN s;",
  }),
  generateOutboxMigrationSql: () => ({
    up: "CREATE TABLE o (x int);",
    down: "DROP TABLE o;",
  }),
  generateInstanceListIndexMigrationSql: () => ({
    up: "CREATE INDEX l ON a (x);",
    down: "DROP INDEX IF EXISTS l;",
  }),
};
const load: SchemaGeneratorsLoader = async () => generators;

describe("createWorkflowMigrationProvider", () => {
  it("offers the core schema only by default and the optional tables on their flags", async () => {
    expect(Object.keys(await createMigrationProviderFrom(load).getMigrations())).toEqual([
      "duraflows_001_workflow_schema",
      "duraflows_004_history_sequence",
      "duraflows_005_workflow_outbox",
      "duraflows_006_instance_list_index",
    ]);
    const all = await createMigrationProviderFrom(load, {
      idempotency: true,
      durableExecution: true,
    }).getMigrations();
    expect(Object.keys(all)).toEqual([
      "duraflows_001_workflow_schema",
      "duraflows_002_event_idempotency",
      "duraflows_003_durable_execution",
      "duraflows_004_history_sequence",
      "duraflows_005_workflow_outbox",
      "duraflows_006_instance_list_index",
    ]);
  });

  it("runs the generated script statement by statement, passing the uuid strategy", async () => {
    const recording = new RecordingDatabase();
    const migrations = await createMigrationProviderFrom(load, { uuidStrategy: "uuidv7" }).getMigrations();
    await migrations.duraflows_001_workflow_schema.up(recording.db);
    await migrations.duraflows_001_workflow_schema.down!(recording.db);
    expect(recording.sql()).toEqual([
      "-- strategy uuidv7\nCREATE TABLE IF NOT EXISTS a (x int)",
      "CREATE INDEX IF NOT EXISTS a_x ON a (x)",
      "CREATE UNIQUE INDEX IF NOT EXISTS a_u ON a (x)",
      "CREATE INDEX IF NOT EXISTS a_y ON a (x)",
      "DROP TABLE IF EXISTS a",
    ]);
  });

  it("makes the plain generated DDL re-runnable (IF NOT EXISTS added once) in every migration", async () => {
    const recording = new RecordingDatabase();
    const migrations = await createMigrationProviderFrom(load, {
      idempotency: true,
      durableExecution: true,
    }).getMigrations();
    await migrations.duraflows_002_event_idempotency.up(recording.db);
    await migrations.duraflows_003_durable_execution.up(recording.db);
    await migrations.duraflows_006_instance_list_index.up(recording.db);
    expect(recording.sql()).toEqual([
      "CREATE TABLE IF NOT EXISTS i (x int)",
      "CREATE TABLE IF NOT EXISTS e (x int)",
      "CREATE INDEX IF NOT EXISTS l ON a (x)",
    ]);
  });

  it("explains the optional peer when @duraflows/pg cannot be loaded", async () => {
    const missing = Object.assign(new Error("Cannot find package '@duraflows/pg'"), {
      code: "ERR_MODULE_NOT_FOUND",
    });
    const failure = await createMigrationProviderFrom(async () => {
      throw missing;
    })
      .getMigrations()
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WorkflowError);
    expect((failure as WorkflowError).message).toBe(
      "createWorkflowMigrationProvider needs the optional peer dependency @duraflows/pg (it owns the DDL); install it next to @duraflows/kysely",
    );
    expect((failure as WorkflowError).cause).toBe(missing);
  });

  it("rethrows other loading errors unchanged", async () => {
    const broken = new Error("syntax error in module");
    await expect(
      createMigrationProviderFrom(async () => {
        throw broken;
      }).getMigrations(),
    ).rejects.toBe(broken);
  });

  it("loads the real generators of @duraflows/pg", async () => {
    const migrations = await createWorkflowMigrationProvider({ durableExecution: true }).getMigrations();
    expect(Object.keys(migrations)).toEqual([
      "duraflows_001_workflow_schema",
      "duraflows_003_durable_execution",
      "duraflows_004_history_sequence",
      "duraflows_005_workflow_outbox",
      "duraflows_006_instance_list_index",
    ]);
  });
});
