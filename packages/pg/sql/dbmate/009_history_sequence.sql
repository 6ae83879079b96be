-- migrate:up
-- The exact write order of history rows: rows one transaction writes share created_at (now() is the
-- transaction's start time), so only seq tells them apart on every PostgreSQL version. Existing rows are
-- numbered by created_at, then by their physical position; the step does nothing when seq already exists.
DO $$
BEGIN
    IF (
        SELECT count(*) FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = 'workflow_history' AND column_name = 'seq'
    ) = 0 THEN
        ALTER TABLE workflow_history ADD COLUMN seq BIGINT;
        UPDATE workflow_history AS h
        SET seq = numbered.n
        FROM (
            SELECT ctid AS row_id, row_number() OVER (ORDER BY created_at, ctid) AS n
            FROM workflow_history
        ) AS numbered
        WHERE h.ctid = numbered.row_id;
        ALTER TABLE workflow_history ALTER COLUMN seq SET NOT NULL;
        ALTER TABLE workflow_history ALTER COLUMN seq ADD GENERATED ALWAYS AS IDENTITY;
        PERFORM setval(pg_get_serial_sequence('workflow_history', 'seq'), max(seq)) FROM workflow_history;
    END IF;
    IF to_regclass(format('%I.%I', current_schema(), 'workflow_history_instance_seq_idx')) IS NULL THEN
        CREATE INDEX workflow_history_instance_seq_idx
            ON workflow_history (workflow_instance_uuid, seq DESC);
    END IF;
END
$$;

-- migrate:down
DROP INDEX IF EXISTS workflow_history_instance_seq_idx;
ALTER TABLE workflow_history DROP COLUMN IF EXISTS seq;
