import { WorkflowError } from "@duraflows/core";
import { withIfNotExists } from "@duraflows/sql";
import type { Kysely } from "kysely";
import { executeRawStatement } from "./kysely-transaction-context.js";
import { splitSqlStatements } from "./split-sql-statements.js";

/** Options of {@link createWorkflowMigrationProvider}. */
export interface WorkflowMigrationProviderOptions {
  /**
   * Default of `workflow_history.uuid`: `"gen_random_uuid"` (PostgreSQL 13+, the default) or `"uuidv7"`
   * (PostgreSQL 18+, keeps the order of rows written in one transaction recoverable).
   */
  uuidStrategy?: "uuidv7" | "gen_random_uuid";
  /** Adds `duraflows_002_event_idempotency` (the `workflow_event_idempotency` table). Default `false`. */
  idempotency?: boolean;
  /** Adds `duraflows_003_durable_execution` (the `workflow_executions` table). Default `false`. */
  durableExecution?: boolean;
}

/**
 * One migration as Kysely's `Migrator` runs it. Declared here rather than imported, because Kysely moved its
 * migration types from `kysely` (0.28) to `kysely/migration` (0.29): this shape fits both.
 */
interface Migration {
  up(db: Kysely<any>): Promise<void>;
  down?(db: Kysely<any>): Promise<void>;
}

/**
 * What `createWorkflowMigrationProvider` returns: structurally a Kysely `MigrationProvider` on every supported
 * Kysely release, so it can be passed straight to `new Migrator({ provider })`.
 */
export interface WorkflowMigrationProvider {
  /** The duraflows migrations by name, in the order they apply. */
  getMigrations(): Promise<Record<string, Migration>>;
}

/** The part of `@duraflows/pg` the provider uses: its DDL generators. */
interface SchemaGenerators {
  generateMigrationSql(options?: { uuidStrategy?: "uuidv7" | "gen_random_uuid" }): {
    up: string;
    down: string;
  };
  generateIdempotencyMigrationSql(): { up: string; down: string };
  generateDurableExecutionMigrationSql(): { up: string; down: string };
  generateHistorySequenceMigrationSql(): { up: string; down: string };
  generateOutboxMigrationSql(): { up: string; down: string };
  generateInstanceListIndexMigrationSql(): { up: string; down: string };
}

/** Loads the DDL generators; swapped in unit tests. @internal */
export type SchemaGeneratorsLoader = () => Promise<SchemaGenerators>;

const loadPgPackage: SchemaGeneratorsLoader = () => import("@duraflows/pg");

function isModuleNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND";
}

// The generators emit plain DDL for a fresh database; the provider's migrations must also succeed over tables
// an earlier install (dbmate files, a lost migration table) already created, so it applies the re-runnable form.
function scriptMigration(ddl: { up: string; down: string }): Migration {
  const runScript = async (db: Kysely<any>, script: string): Promise<void> => {
    for (const statement of splitSqlStatements(script)) await executeRawStatement(db, statement);
  };
  return {
    up: (db) => runScript(db, withIfNotExists(ddl.up)),
    down: (db) => runScript(db, ddl.down),
  };
}

/**
 * Builds the provider with an injectable loader (the public factory loads `@duraflows/pg`).
 *
 * @internal
 */
export function createMigrationProviderFrom(
  load: SchemaGeneratorsLoader,
  options: WorkflowMigrationProviderOptions = {},
): WorkflowMigrationProvider {
  return {
    async getMigrations() {
      let generators: SchemaGenerators;
      try {
        generators = await load();
      } catch (error) {
        if (!isModuleNotFound(error)) throw error;
        throw new WorkflowError(
          "createWorkflowMigrationProvider needs the optional peer dependency @duraflows/pg (it owns the DDL); install it next to @duraflows/kysely",
          error,
        );
      }
      const migrations: Record<string, Migration> = {
        duraflows_001_workflow_schema: scriptMigration(
          generators.generateMigrationSql(
            options.uuidStrategy === undefined ? {} : { uuidStrategy: options.uuidStrategy },
          ),
        ),
      };
      if (options.idempotency) {
        migrations.duraflows_002_event_idempotency = scriptMigration(
          generators.generateIdempotencyMigrationSql(),
        );
      }
      if (options.durableExecution) {
        migrations.duraflows_003_durable_execution = scriptMigration(
          generators.generateDurableExecutionMigrationSql(),
        );
      }
      // Always last: it upgrades a schema created by an older duraflows_001 (no history seq column) and does
      // nothing on one that already has the column.
      migrations.duraflows_004_history_sequence = scriptMigration(
        generators.generateHistorySequenceMigrationSql(),
      );
      // Adds the outbox table to a schema an older duraflows_001 created; a no-op when it exists.
      migrations.duraflows_005_workflow_outbox = scriptMigration(generators.generateOutboxMigrationSql());
      // Adds the instance-list index (listInstances by last transition) to such a schema; a no-op when it exists.
      migrations.duraflows_006_instance_list_index = scriptMigration(
        generators.generateInstanceListIndexMigrationSql(),
      );
      return migrations;
    },
  };
}

/**
 * A Kysely `MigrationProvider` for the duraflows schema. The DDL is not repeated here: it comes from
 * `@duraflows/pg` (its `generateMigrationSql`, `generateIdempotencyMigrationSql` and
 * `generateDurableExecutionMigrationSql`), loaded on demand, so `@duraflows/pg` is an optional peer needed
 * only by users of this provider. Migrations: `duraflows_001_workflow_schema` (instances, history,
 * definitions and every index), then `duraflows_002_event_idempotency` and `duraflows_003_durable_execution`
 * when enabled, then `duraflows_004_history_sequence` (adds `workflow_history.seq`, the exact history order, to
 * a schema an older release created; a no-op otherwise), then `duraflows_005_workflow_outbox` (adds
 * `workflow_outbox`, the transactional outbox, to such a schema; a no-op otherwise), then
 * `duraflows_006_instance_list_index` (adds `workflow_instances_last_transition_idx`, which serves instance
 * lists by last transition, to such a schema; a no-op otherwise). Each script runs statement by statement through the Migrator's connection, so it works on
 * drivers that accept one statement per query (PGlite) too. Every `CREATE TABLE` / `CREATE INDEX` gets
 * `IF NOT EXISTS`, so the migrations also succeed over tables that already exist (for example a schema built
 * with the dbmate files before switching to the Migrator).
 *
 * Run it with its own migration table, so it never mixes with the application's migration history.
 *
 * @example
 * ```ts
 * const migrator = new Migrator({
 *   db,
 *   provider: createWorkflowMigrationProvider({ idempotency: true }),
 *   migrationTableName: "duraflows_migration",
 *   migrationLockTableName: "duraflows_migration_lock",
 * });
 * const { error } = await migrator.migrateToLatest();
 * if (error) throw error;
 * ```
 */
export function createWorkflowMigrationProvider(
  options: WorkflowMigrationProviderOptions = {},
): WorkflowMigrationProvider {
  return createMigrationProviderFrom(loadPgPackage, options);
}
