export type {
  WorkflowDatabase,
  WorkflowDatabaseWithExecutions,
  WorkflowDatabaseWithIdempotency,
  WorkflowDefinitionsTable,
  WorkflowEventIdempotencyTable,
  WorkflowExecutionsTable,
  WorkflowHistoryTable,
  WorkflowInstancesTable,
} from "./kysely-database.js";
export {
  kyselyWorkflowProviders,
  kyselyWorkflowProvidersFromTransaction,
  type KyselyWorkflowProvidersOptions,
} from "./kysely-providers.js";
export { guardPgPool, type GuardablePgPool, type GuardedPoolClient } from "./guard-pg-pool.js";
export { preparePgPool, type PreparablePgClient, type PreparablePgPool } from "./prepare-pg-pool.js";
export { KyselyTransactionContext } from "./kysely-transaction-context.js";
export { KyselyTransactionRunner, type KyselyTransactionRunnerOptions } from "./kysely-transaction-runner.js";
export { KyselyWorkflowDefinitionStore } from "./kysely-workflow-definition-store.js";
export { KyselyWorkflowExecutionStore } from "./kysely-workflow-execution-store.js";
export { KyselyWorkflowHistoryStore } from "./kysely-workflow-history-store.js";
export { KyselyWorkflowIdempotencyStore } from "./kysely-workflow-idempotency-store.js";
export { KyselyWorkflowInstanceStore } from "./kysely-workflow-instance-store.js";
export { KyselyWorkflowOutboxStore } from "./kysely-workflow-outbox-store.js";
export { KyselyWakeNotifier } from "./kysely-wake-notifier.js";
export { createKyselyWakeSource, type WakeSourcePool } from "./create-kysely-wake-source.js";
export {
  createWorkflowMigrationProvider,
  type WorkflowMigrationProvider,
  type WorkflowMigrationProviderOptions,
} from "./create-workflow-migration-provider.js";
