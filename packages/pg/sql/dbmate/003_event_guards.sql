-- migrate:up
-- Guards add a third outcome and the name of the rejecting guard. Drop-and-recreate keeps it re-runnable.
ALTER TABLE workflow_history DROP CONSTRAINT IF EXISTS workflow_history_outcome_check;
ALTER TABLE workflow_history
    ADD CONSTRAINT workflow_history_outcome_check CHECK (outcome IN ('success', 'failure', 'guard-rejected'));
ALTER TABLE workflow_history ADD COLUMN IF NOT EXISTS rejected_by TEXT;

-- migrate:down
-- Fails while guard-rejected rows exist: delete or rewrite them first.
ALTER TABLE workflow_history DROP CONSTRAINT IF EXISTS workflow_history_outcome_check;
ALTER TABLE workflow_history
    ADD CONSTRAINT workflow_history_outcome_check CHECK (outcome IN ('success', 'failure'));
ALTER TABLE workflow_history DROP COLUMN IF EXISTS rejected_by;
