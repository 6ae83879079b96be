-- migrate:up
-- Every definition version ever used, so pinned instances keep running theirs.
CREATE TABLE IF NOT EXISTS workflow_definitions (
    workflow_name TEXT NOT NULL,
    version INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    definition_json JSONB NOT NULL,
    registered_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (workflow_name, version)
);
-- Nullable: instances and history rows written before versioning stay unstamped.
ALTER TABLE workflow_instances ADD COLUMN IF NOT EXISTS definition_version INTEGER;
ALTER TABLE workflow_history ADD COLUMN IF NOT EXISTS definition_version INTEGER;

-- migrate:down
ALTER TABLE workflow_history DROP COLUMN IF EXISTS definition_version;
ALTER TABLE workflow_instances DROP COLUMN IF EXISTS definition_version;
DROP TABLE IF EXISTS workflow_definitions;
