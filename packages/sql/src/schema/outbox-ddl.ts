/**
 * DDL of `workflow_outbox` (dbmate 010, `generateOutboxMigrationSql`, and part of `generateMigrationSql`): the
 * transactional outbox of `delivery: "outbox"` observers. One row per (state entry, observer), written in the
 * transition's transaction; `seq` is the write order a relay keeps per instance and observer. No foreign key to
 * `workflow_instances`: a purged instance's undelivered rows are still delivered.
 */
export const OUTBOX_UP_SQL = `CREATE TABLE workflow_outbox (
    uuid UUID PRIMARY KEY,
    seq BIGINT GENERATED ALWAYS AS IDENTITY,
    observer_name TEXT NOT NULL,
    workflow_name TEXT NOT NULL,
    workflow_instance_uuid UUID NOT NULL,
    event_json JSONB NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending'
        CONSTRAINT workflow_outbox_status_check CHECK (status IN ('pending', 'delivered', 'parked')),
    attempts INTEGER NOT NULL DEFAULT 0,
    available_at TIMESTAMPTZ NOT NULL,
    last_error TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    delivered_at TIMESTAMPTZ
);
CREATE INDEX workflow_outbox_status_seq_idx ON workflow_outbox (status, seq);
CREATE INDEX workflow_outbox_pending_instance_idx
    ON workflow_outbox (workflow_instance_uuid, observer_name, seq) WHERE status = 'pending';
CREATE INDEX workflow_outbox_delivered_at_idx ON workflow_outbox (delivered_at) WHERE status = 'delivered';`;

/** Down half of the outbox DDL. */
export const OUTBOX_DOWN_SQL = "DROP TABLE IF EXISTS workflow_outbox;";
