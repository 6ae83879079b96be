/**
 * Up half of the history sequence step (dbmate 009): adds `workflow_history.seq`, a `BIGINT GENERATED ALWAYS
 * AS IDENTITY` column, and the `(workflow_instance_uuid, seq DESC)` index that `findByInstanceUuid` reads.
 *
 * It is a `DO` block that adds only what is missing, so it is safe on every schema: `generateMigrationSql()`
 * creates the column inline and runs this block for the index, so its re-runnable form (with `IF NOT EXISTS`
 * inserted) also upgrades a schema created before the column existed; a second run changes nothing. Existing
 * rows are numbered by `created_at`, then by their physical position in the table (their insertion order as
 * long as the table was never rewritten), and the identity continues after the highest number. The backfill
 * rewrites every history row under an exclusive lock: on a large table run it in a maintenance window.
 */
export const HISTORY_SEQUENCE_UP_SQL = `DO $$
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
$$;`;

/** Down half of the history sequence step: drops the index and the column. */
export const HISTORY_SEQUENCE_DOWN_SQL = `DROP INDEX IF EXISTS workflow_history_instance_seq_idx;
ALTER TABLE workflow_history DROP COLUMN IF EXISTS seq;`;
