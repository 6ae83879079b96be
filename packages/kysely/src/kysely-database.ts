import type { CommandResult, DurableWorkflowExecution, WorkflowExecutionResult } from "@duraflows/core";
import type { ColumnType, Generated, GeneratedAlways } from "kysely";

/** A `jsonb` object column: selected as the parsed object, inserted and updated as a JSON string. */
type JsonObjectColumn = ColumnType<Record<string, unknown>, string, string>;

/** A `jsonb` array column: selected as the parsed array, inserted and updated as a JSON string. */
type JsonArrayColumn = ColumnType<CommandResult[], string, string>;

/**
 * Row type of `workflow_instances` (see the `@duraflows/pg` schema). Consumers who hand-write this table
 * instead of extending {@link WorkflowDatabase} must declare all four timeout columns.
 */
export interface WorkflowInstancesTable {
  uuid: string;
  workflow_name: string;
  current_state: string;
  version: number;
  definition_version: number | null;
  expires_at: Date | null;
  last_transition_at: Date;
  context_json: JsonObjectColumn;
  metadata_json: JsonObjectColumn;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  timeout_attempts: Generated<number>;
  timeout_retry_at: Date | null;
  timeout_last_error: string | null;
  timeout_parked_at: Date | null;
}

/** Row type of `workflow_history`; `uuid`, `created_at` and `seq` are assigned by the database. */
export interface WorkflowHistoryTable {
  uuid: Generated<string>;
  workflow_instance_uuid: string;
  from_state: string | null;
  event_name: string;
  to_state: string;
  outcome: string;
  error_message: string | null;
  rejected_by: string | null;
  command_results_json: JsonArrayColumn;
  trigger_metadata_json: JsonObjectColumn;
  definition_version: number | null;
  created_at: Generated<Date>;
  /** Exact write order (an identity column; `pg` returns the bigint as a string). Never written by the store. */
  seq: GeneratedAlways<string>;
}

/** Row type of `workflow_definitions` (one row per workflow name and definition version). */
export interface WorkflowDefinitionsTable {
  workflow_name: string;
  version: number;
  content_hash: string;
  definition_json: JsonObjectColumn;
  registered_at: Generated<Date>;
}

/**
 * The workflow tables every duraflows database has. Extend it with your own tables
 * (`interface AppDb extends WorkflowDatabase { orders: OrdersTable }`) and pass a `Kysely<AppDb>`.
 * The optional feature tables live in {@link WorkflowDatabaseWithIdempotency} and
 * {@link WorkflowDatabaseWithExecutions}, so this type never changes when a feature is enabled.
 */
export interface WorkflowDatabase {
  workflow_instances: WorkflowInstancesTable;
  workflow_history: WorkflowHistoryTable;
  workflow_definitions: WorkflowDefinitionsTable;
}

/** Row type of the optional `workflow_event_idempotency` table (receipts of keyed events). */
export interface WorkflowEventIdempotencyTable {
  workflow_instance_uuid: string;
  idempotency_key: string;
  event_name: string;
  fingerprint: string | null;
  /** `null` while the first call is running; written once as a JSON string; omitted on insert. */
  result_json: ColumnType<WorkflowExecutionResult | null, undefined, string>;
  created_at: Generated<Date>;
}

/** {@link WorkflowDatabase} plus the optional idempotency table. */
export interface WorkflowDatabaseWithIdempotency extends WorkflowDatabase {
  workflow_event_idempotency: WorkflowEventIdempotencyTable;
}

/** Row type of the optional `workflow_executions` table (durable execution). */
export interface WorkflowExecutionsTable {
  uuid: string;
  workflow_instance_uuid: string;
  idempotency_key: string;
  status: DurableWorkflowExecution["status"];
  available_at: Date;
  lease_until: Date | null;
  revision: number;
  /** The whole {@link DurableWorkflowExecution} record, written as a JSON string. */
  execution_json: ColumnType<DurableWorkflowExecution, string, string>;
}

/** {@link WorkflowDatabase} plus the optional durable-execution table. */
export interface WorkflowDatabaseWithExecutions extends WorkflowDatabase {
  workflow_executions: WorkflowExecutionsTable;
}
