import type {
  WorkflowDatabaseWithExecutions,
  WorkflowDatabaseWithIdempotency,
} from "../../src/kysely-database.js";

/** An application table living next to the workflow tables. */
export interface OrdersTable {
  id: string;
  total: number;
}

/** The database type of the integration tests: an application extending the workflow tables. */
export interface AppDb extends WorkflowDatabaseWithIdempotency, WorkflowDatabaseWithExecutions {
  orders: OrdersTable;
}

/** DDL of the application table (the workflow tables come from `@duraflows/pg`). */
export const ORDERS_DDL = "CREATE TABLE orders (id text PRIMARY KEY, total integer NOT NULL)";

/** Every table, dependants first (for TRUNCATE). */
export const ALL_TABLES = [
  "orders",
  "workflow_outbox",
  "workflow_executions",
  "workflow_event_idempotency",
  "workflow_history",
  "workflow_definitions",
  "workflow_instances",
];
