/**
 * DDL of the optional `workflow_executions` table and its two indexes (dbmate 008 and
 * `generateDurableExecutionMigrationSql`).
 *
 * `workflow_executions_active_idx` is a partial UNIQUE index: it is what guarantees at most one
 * pending/running/parked execution per instance even when two enqueues race (the loser gets a unique
 * violation instead of a second active execution). `workflow_executions_due_idx` serves the worker scan.
 */
export const DURABLE_EXECUTION_UP_SQL = `CREATE TABLE workflow_executions (
    uuid UUID PRIMARY KEY,
    workflow_instance_uuid UUID NOT NULL REFERENCES workflow_instances (uuid) ON DELETE CASCADE,
    idempotency_key TEXT COLLATE "C" NOT NULL
        CONSTRAINT workflow_executions_idempotency_key_check
        CHECK (octet_length(idempotency_key) BETWEEN 1 AND 256),
    status TEXT NOT NULL
        CONSTRAINT workflow_executions_status_check
        CHECK (status IN ('pending', 'running', 'parked', 'completed', 'cancelled')),
    available_at TIMESTAMPTZ NOT NULL,
    lease_until TIMESTAMPTZ,
    revision INTEGER NOT NULL
        CONSTRAINT workflow_executions_revision_check
        CHECK (revision >= 0),
    execution_json JSONB NOT NULL
        CONSTRAINT workflow_executions_execution_json_check
        CHECK (jsonb_typeof(execution_json) = 'object'),
    CONSTRAINT workflow_executions_workflow_instance_uuid_idempotency_key_key
        UNIQUE (workflow_instance_uuid, idempotency_key)
);

CREATE UNIQUE INDEX workflow_executions_active_idx
    ON workflow_executions (workflow_instance_uuid)
    WHERE status IN ('pending', 'running', 'parked');

CREATE INDEX workflow_executions_due_idx
    ON workflow_executions (available_at, uuid)
    WHERE status IN ('pending', 'running');`;

/** Down half of the durable-execution DDL. */
export const DURABLE_EXECUTION_DOWN_SQL = "DROP TABLE IF EXISTS workflow_executions;";
