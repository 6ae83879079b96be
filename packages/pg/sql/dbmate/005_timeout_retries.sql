-- migrate:up
-- Timeout retry bookkeeping. Every statement is IF NOT EXISTS, so the file is safe to re-run.
--
-- On a large workflow_instances table, build the two indexes beforehand without blocking writes, under the
-- same names (outside a transaction, which dbmate would otherwise open):
--   CREATE INDEX CONCURRENTLY IF NOT EXISTS workflow_instances_timeout_due_idx
--       ON workflow_instances ((coalesce(timeout_retry_at, expires_at)))
--       WHERE expires_at IS NOT NULL AND timeout_parked_at IS NULL;
--   CREATE INDEX CONCURRENTLY IF NOT EXISTS workflow_instances_timeout_parked_idx
--       ON workflow_instances (timeout_parked_at)
--       WHERE timeout_parked_at IS NOT NULL;
-- (The columns must exist first: run the four ALTER TABLE statements below, then the indexes, then dbmate.)
ALTER TABLE workflow_instances ADD COLUMN IF NOT EXISTS timeout_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE workflow_instances ADD COLUMN IF NOT EXISTS timeout_retry_at TIMESTAMPTZ;
ALTER TABLE workflow_instances ADD COLUMN IF NOT EXISTS timeout_last_error TEXT;
ALTER TABLE workflow_instances ADD COLUMN IF NOT EXISTS timeout_parked_at TIMESTAMPTZ;

CREATE INDEX IF NOT EXISTS workflow_instances_timeout_due_idx
    ON workflow_instances ((coalesce(timeout_retry_at, expires_at)))
    WHERE expires_at IS NOT NULL AND timeout_parked_at IS NULL;

CREATE INDEX IF NOT EXISTS workflow_instances_timeout_parked_idx
    ON workflow_instances (timeout_parked_at)
    WHERE timeout_parked_at IS NOT NULL;

-- migrate:down
DROP INDEX IF EXISTS workflow_instances_timeout_parked_idx;
DROP INDEX IF EXISTS workflow_instances_timeout_due_idx;
ALTER TABLE workflow_instances DROP COLUMN IF EXISTS timeout_parked_at;
ALTER TABLE workflow_instances DROP COLUMN IF EXISTS timeout_last_error;
ALTER TABLE workflow_instances DROP COLUMN IF EXISTS timeout_retry_at;
ALTER TABLE workflow_instances DROP COLUMN IF EXISTS timeout_attempts;
