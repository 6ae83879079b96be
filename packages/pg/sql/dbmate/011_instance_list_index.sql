-- migrate:up
-- Serves instance lists (the dashboard's pages, listInstances) by last transition in either direction: a
-- page of a large workflow then reads 50 index entries instead of sorting every instance of the workflow.
-- Every transition updates last_transition_at, so the index is written on each one.
-- On a large table, build it beforehand without blocking writes, under the same name (outside a
-- transaction, which dbmate would otherwise open); this step then does nothing:
--   CREATE INDEX CONCURRENTLY IF NOT EXISTS workflow_instances_last_transition_idx
--       ON workflow_instances (workflow_name, last_transition_at DESC, uuid DESC);
CREATE INDEX IF NOT EXISTS workflow_instances_last_transition_idx
    ON workflow_instances (workflow_name, last_transition_at DESC, uuid DESC);

-- migrate:down
DROP INDEX IF EXISTS workflow_instances_last_transition_idx;
