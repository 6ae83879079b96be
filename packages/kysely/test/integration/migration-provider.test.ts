import { createTestDatabase, type TestDatabase } from "@duraflows/test-support";
import { Kysely, PostgresDialect, sql } from "kysely";
import { Migrator, NO_MIGRATIONS } from "kysely/migration";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorkflowMigrationProvider } from "../../src/create-workflow-migration-provider.js";
import type { WorkflowMigrationProviderOptions } from "../../src/create-workflow-migration-provider.js";

const SCHEMA = "kysely_it_migrations";

describe("createWorkflowMigrationProvider with Kysely's Migrator on a fresh database", () => {
  let database: TestDatabase;
  let db: Kysely<any>;

  beforeAll(async () => {
    database = await createTestDatabase("kysely-migrator");
    const pool = database.createPool({ options: `-c search_path=${SCHEMA}` });
    await pool.query(`CREATE SCHEMA ${SCHEMA}`);
    db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
  });
  afterAll(async () => {
    await database?.drop();
  });

  const migrator = (options: WorkflowMigrationProviderOptions, allowUnorderedMigrations = false) =>
    new Migrator({
      db,
      provider: createWorkflowMigrationProvider(options),
      migrationTableName: "duraflows_migration",
      migrationLockTableName: "duraflows_migration_lock",
      allowUnorderedMigrations,
    });

  async function tables(): Promise<string[]> {
    const { rows } = await sql<{ name: string }>`
      SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = ${SCHEMA} AND table_name LIKE 'workflow%' ORDER BY table_name`.execute(db);
    return rows.map((row) => row.name);
  }

  async function indexes(): Promise<string[]> {
    const { rows } = await sql<{ name: string }>`
      SELECT indexname AS name FROM pg_indexes
      WHERE schemaname = ${SCHEMA} AND indexname NOT LIKE '%pkey' AND indexname NOT LIKE '%_key'
      ORDER BY indexname`.execute(db);
    return rows.map((row) => row.name);
  }

  it("migrates the core schema up with every index, then an optional table added later, then all the way down", async () => {
    const first = await migrator({ durableExecution: true }).migrateToLatest();
    expect(first.error).toBeUndefined();
    expect(first.results?.map((result) => `${result.migrationName}:${result.status}`)).toEqual([
      "duraflows_001_workflow_schema:Success",
      "duraflows_003_durable_execution:Success",
      "duraflows_004_history_sequence:Success",
      "duraflows_005_workflow_outbox:Success",
      "duraflows_006_instance_list_index:Success",
    ]);
    expect(await tables()).toEqual([
      "workflow_definitions",
      "workflow_executions",
      "workflow_history",
      "workflow_instances",
      "workflow_outbox",
    ]);
    expect(await indexes()).toEqual([
      "workflow_executions_active_idx",
      "workflow_executions_due_idx",
      "workflow_history_instance_created_idx",
      "workflow_history_instance_seq_idx",
      "workflow_instances_definition_version_idx",
      "workflow_instances_expires_at_idx",
      "workflow_instances_last_transition_idx",
      "workflow_instances_timeout_due_idx",
      "workflow_instances_timeout_parked_idx",
      "workflow_instances_workflow_name_idx",
      "workflow_outbox_delivered_at_idx",
      "workflow_outbox_pending_instance_idx",
      "workflow_outbox_status_seq_idx",
    ]);

    // Enabling idempotency afterwards inserts 002 before the executed 003: Kysely needs allowUnorderedMigrations.
    const refused = await migrator({ durableExecution: true, idempotency: true }).migrateToLatest();
    expect(refused.error).toBeInstanceOf(Error);
    const later = await migrator({ durableExecution: true, idempotency: true }, true).migrateToLatest();
    expect(later.error).toBeUndefined();
    expect(later.results?.map((result) => result.migrationName)).toEqual(["duraflows_002_event_idempotency"]);
    expect(await tables()).toContain("workflow_event_idempotency");

    const again = await migrator({ durableExecution: true, idempotency: true }, true).migrateToLatest();
    expect(again.results).toEqual([]);

    // A schema an older release migrated (no instance-list index, no 006 recorded) gets the index.
    await sql`DROP INDEX workflow_instances_last_transition_idx`.execute(db);
    await sql`DELETE FROM duraflows_migration WHERE name = 'duraflows_006_instance_list_index'`.execute(db);
    const upgraded = await migrator({ durableExecution: true, idempotency: true }, true).migrateToLatest();
    expect(upgraded.results?.map((result) => result.migrationName)).toEqual([
      "duraflows_006_instance_list_index",
    ]);
    expect(await indexes()).toContain("workflow_instances_last_transition_idx");

    // The tables already exist (a lost migration table, or a schema built by the dbmate files): the provider's
    // migrations still succeed and leave the tables and their rows alone.
    await sql`INSERT INTO workflow_instances (uuid, workflow_name, current_state)
      VALUES ('00000000-0000-4000-8000-000000000001', 'w', 'a')`.execute(db);
    await sql`DELETE FROM duraflows_migration`.execute(db);
    const rerun = await migrator({ durableExecution: true, idempotency: true }, true).migrateToLatest();
    expect(rerun.error).toBeUndefined();
    expect(rerun.results?.map((result) => `${result.migrationName}:${result.status}`)).toEqual([
      "duraflows_001_workflow_schema:Success",
      "duraflows_002_event_idempotency:Success",
      "duraflows_003_durable_execution:Success",
      "duraflows_004_history_sequence:Success",
      "duraflows_005_workflow_outbox:Success",
      "duraflows_006_instance_list_index:Success",
    ]);
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM workflow_instances`.execute(db);
    expect(rows).toEqual([{ n: 1 }]);
    await sql`DELETE FROM workflow_instances`.execute(db);

    const down = await migrator({ durableExecution: true, idempotency: true }, true).migrateTo(NO_MIGRATIONS);
    expect(down.error).toBeUndefined();
    expect(await tables()).toEqual([]);
  });
});
