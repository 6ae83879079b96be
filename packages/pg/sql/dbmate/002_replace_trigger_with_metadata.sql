-- migrate:up
-- Older schemas recorded a trigger type (user/admin/system/timeout) and an actor uuid in two columns;
-- they become one free-form jsonb object. Guarded, so it is a no-op on fresh schemas (001 already has
-- trigger_metadata_json) and safe to re-run.
DO $$
BEGIN
    IF EXISTS (
        SELECT 1
        FROM pg_attribute
        WHERE attrelid = 'workflow_history'::regclass
          AND attname = 'triggered_by_type'
          AND NOT attisdropped
    ) THEN
        ALTER TABLE workflow_history
            ADD COLUMN IF NOT EXISTS trigger_metadata_json JSONB NOT NULL DEFAULT '{}';
        UPDATE workflow_history
        SET trigger_metadata_json = jsonb_strip_nulls(
            jsonb_build_object('type', triggered_by_type, 'actorUuid', triggered_by_uuid)
        )
        WHERE trigger_metadata_json = '{}'::jsonb;
        ALTER TABLE workflow_history DROP COLUMN triggered_by_type;
        ALTER TABLE workflow_history DROP COLUMN IF EXISTS triggered_by_uuid;
    END IF;
END
$$;

-- migrate:down
ALTER TABLE workflow_history ADD COLUMN IF NOT EXISTS triggered_by_type TEXT;
ALTER TABLE workflow_history ADD COLUMN IF NOT EXISTS triggered_by_uuid UUID;
UPDATE workflow_history
SET triggered_by_type = trigger_metadata_json ->> 'type',
    triggered_by_uuid = CASE
        WHEN trigger_metadata_json ->> 'actorUuid'
            ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
        THEN (trigger_metadata_json ->> 'actorUuid')::uuid
    END
WHERE trigger_metadata_json <> '{}'::jsonb;
ALTER TABLE workflow_history DROP COLUMN IF EXISTS trigger_metadata_json;
