-- migrate:up
-- Core tables in their original shape; later migrations add columns, constraints and indexes.
-- Instance uuids are always supplied by the application (randomUUID), so the column has no default.
CREATE TABLE IF NOT EXISTS workflow_instances (
    uuid UUID PRIMARY KEY,
    workflow_name TEXT NOT NULL,
    current_state TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 0,
    expires_at TIMESTAMPTZ,
    last_transition_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    context_json JSONB NOT NULL DEFAULT '{}',
    metadata_json JSONB NOT NULL DEFAULT '{}',
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS workflow_instances_workflow_name_idx
    ON workflow_instances (workflow_name);

CREATE INDEX IF NOT EXISTS workflow_instances_expires_at_idx
    ON workflow_instances (expires_at)
    WHERE expires_at IS NOT NULL;

CREATE TABLE IF NOT EXISTS workflow_history (
    uuid UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    workflow_instance_uuid UUID NOT NULL REFERENCES workflow_instances (uuid),
    from_state TEXT,
    event_name TEXT NOT NULL,
    to_state TEXT NOT NULL,
    outcome TEXT NOT NULL
        CONSTRAINT workflow_history_outcome_check CHECK (outcome IN ('success', 'failure')),
    error_message TEXT,
    command_results_json JSONB NOT NULL DEFAULT '[]',
    trigger_metadata_json JSONB NOT NULL DEFAULT '{}',
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS workflow_history_instance_created_idx
    ON workflow_history (workflow_instance_uuid, created_at DESC);

-- migrate:down
DROP TABLE IF EXISTS workflow_history;
DROP TABLE IF EXISTS workflow_instances;
