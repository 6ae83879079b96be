// Public surface of @duraflows/pg.
export { pgWorkflowProviders, type PgWorkflowProvidersOptions } from "./pg-providers.js";
export { PgTransactionContext } from "./pg-transaction-context.js";
export { PgTransactionRunner, type PgTransactionRunnerOptions } from "./pg-transaction-runner.js";
export { PgWorkflowInstanceStore } from "./pg-workflow-instance-store.js";
export { PgWorkflowHistoryStore } from "./pg-workflow-history-store.js";
export { PgWorkflowDefinitionStore } from "./pg-workflow-definition-store.js";
export { PgWorkflowIdempotencyStore } from "./pg-workflow-idempotency-store.js";
export { PgWorkflowExecutionStore } from "./pg-workflow-execution-store.js";
export { PgWorkflowOutboxStore } from "./pg-workflow-outbox-store.js";
export { PgWakeNotifier } from "./pg-wake-notifier.js";
export { createPgWakeSource } from "./create-pg-wake-source.js";
export {
  generateDurableExecutionMigrationSql,
  generateHistorySequenceMigrationSql,
  generateInstanceListIndexMigrationSql,
  generateIdempotencyMigrationSql,
  generateMigrationSql,
  generateOutboxMigrationSql,
  type MigrationSqlOptions,
  type UuidStrategy,
} from "./pg-schema-manager.js";
export {
  migrate,
  migrateDown,
  migrationStatus,
  type MigrateDownOptions,
  type MigrateDownResult,
  type MigrateOptions,
  type MigrateResult,
  type MigrationFeatureOptions,
  type MigrationStatus,
  type MigrationStatusEntry,
  type MigrationStepEvent,
} from "./migrator/migrate.js";
export type { MigrationDatabase, SingleSessionDatabase } from "./migrator/migration-database.js";
export { pgMigrations, type MigrationFeature, type PgMigration } from "./migrator/pg-migrations.js";
export type { AdoptedVersion } from "./migrator/detect-schema.js";
export { maintainHistoryPartitions, partitionHistory } from "./history-partitions.js";
export {
  generateHistoryPartitioningSql,
  type HistoryPartitioningOptions,
  type HistoryPartitionInterval,
} from "./schema/history-partitioning-ddl.js";
export { SchemaMigrationError } from "./migrator/schema-migration-error.js";
