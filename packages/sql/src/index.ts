// The SQL of duraflows: statements as text plus parameters, and the schema DDL. No driver is imported here;
// @duraflows/pg and @duraflows/kysely bundle this module and run the statements on their own connections.
export { named, type NamedSqlQuery, type SqlQuery } from "./sql-query.js";
export { optimisticLockingError } from "./optimistic-locking-error.js";
export {
  BEGIN,
  COMMIT,
  ROLLBACK,
  setLocalTimeouts,
  type TransactionTimeouts,
} from "./statements/transaction.sql.js";
export { insertHistoryRows, updateInstances } from "./statements/workflow-batch.sql.js";
export {
  insertDefinitionIfAbsent,
  selectDefinition,
  selectDefinitionVersions,
  type DefinitionRow,
} from "./statements/workflow-definitions.sql.js";
export {
  completeReservation,
  insertReservation,
  selectReceipt,
} from "./statements/workflow-event-idempotency.sql.js";
export {
  claimDueExecutions,
  countInstancesUsingDefinition,
  insertExecution,
  insertExecutionAtInstanceVersion,
  insertExecutionUnlessTaken,
  lockInstanceAndSelectExecution,
  selectActiveExecution,
  selectDueExecutions,
  selectExecutionByKey,
  selectExecutionByKeyOrActive,
  selectExecutionByUuid,
  selectInstancesWithActiveExecutions,
  updateExecution,
} from "./statements/workflow-executions.sql.js";
export { insertHistory, selectHistoryByInstance } from "./statements/workflow-history.sql.js";
export {
  claimInState,
  countInstances,
  insertInstance,
  lockInstanceByUuid,
  selectExpiredInstances,
  selectInstanceByUuid,
  selectInstanceUuids,
  selectParkedTimeouts,
  updateInstance,
  type InstanceUuidPage,
} from "./statements/workflow-instances.sql.js";
export {
  countInstancesByState,
  listExecutions,
  listInstances,
  summarizeExecutions,
  summarizeTimeouts,
} from "./statements/workflow-reads.sql.js";
export {
  countPrunableHistory,
  countPurgeableInstances,
  pruneHistoryBatch,
  purgeInstancesBatch,
} from "./statements/workflow-retention.sql.js";
export {
  updateInstanceWithHistory,
  updateInstanceWithHistoryAndExecution,
} from "./statements/workflow-transition.sql.js";
export { sweepCommandlessTimeouts } from "./statements/workflow-sweep.sql.js";
export {
  CORE_TABLES_DOWN_SQL,
  coreTablesUpSql,
  INSTANCE_LIST_INDEX_DOWN_SQL,
  INSTANCE_LIST_INDEX_SQL,
} from "./schema/core-tables-ddl.js";
export { DBMATE_STEPS, renderDbmateFile, type DbmateStep } from "./schema/dbmate-steps.js";
export { DURABLE_EXECUTION_DOWN_SQL, DURABLE_EXECUTION_UP_SQL } from "./schema/durable-execution-ddl.js";
export { HISTORY_SEQUENCE_DOWN_SQL, HISTORY_SEQUENCE_UP_SQL } from "./schema/history-sequence-ddl.js";
export { IDEMPOTENCY_DOWN_SQL, IDEMPOTENCY_UP_SQL } from "./schema/idempotency-ddl.js";
export { OUTBOX_DOWN_SQL, OUTBOX_UP_SQL } from "./schema/outbox-ddl.js";
export {
  claimOutboxRows,
  deleteDeliveredOutboxRows,
  insertOutboxRows,
  markOutboxDelivered,
  markOutboxFailed,
  OUTBOX_COLUMNS,
  redeliverOutboxRow,
  selectOutboxRows,
} from "./statements/workflow-outbox.sql.js";
export { toOutboxRecord, type OutboxRow } from "./rows/outbox-row.js";
export { withIfNotExists } from "./schema/if-not-exists.js";
