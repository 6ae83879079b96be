-- migrate:up
-- The transactional outbox of observers delivered at least once. Same DDL as generateOutboxMigrationSql().
CREATE TABLE IF NOT EXISTS workflow_outbox (
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
CREATE INDEX IF NOT EXISTS workflow_outbox_status_seq_idx ON workflow_outbox (status, seq);
CREATE INDEX IF NOT EXISTS workflow_outbox_pending_instance_idx
    ON workflow_outbox (workflow_instance_uuid, observer_name, seq) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS workflow_outbox_delivered_at_idx ON workflow_outbox (delivered_at) WHERE status = 'delivered';

-- migrate:down
DROP TABLE IF EXISTS workflow_outbox;
