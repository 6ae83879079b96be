-- migrate:up
-- Recommended, not required: serves version counts (countInstances) and migration paging
-- (findInstanceUuids). On a large table, pre-build it with CREATE INDEX CONCURRENTLY under the same name.
CREATE INDEX IF NOT EXISTS workflow_instances_definition_version_idx
    ON workflow_instances (workflow_name, definition_version);

-- migrate:down
DROP INDEX IF EXISTS workflow_instances_definition_version_idx;
