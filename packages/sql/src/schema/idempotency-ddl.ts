/**
 * DDL of the optional `workflow_event_idempotency` table (dbmate 007 and `generateIdempotencyMigrationSql`).
 *
 * Keys and fingerprints use `COLLATE "C"` so comparison is byte-exact (no locale folding), matching the core
 * rule that keys are compared exactly. Receipts are deleted with their instance.
 */
export const IDEMPOTENCY_UP_SQL = `CREATE TABLE workflow_event_idempotency (
    workflow_instance_uuid UUID NOT NULL REFERENCES workflow_instances (uuid) ON DELETE CASCADE,
    idempotency_key TEXT COLLATE "C" NOT NULL
        CONSTRAINT workflow_event_idempotency_idempotency_key_check
        CHECK (octet_length(idempotency_key) BETWEEN 1 AND 256),
    event_name TEXT NOT NULL,
    fingerprint TEXT COLLATE "C"
        CONSTRAINT workflow_event_idempotency_fingerprint_check
        CHECK (fingerprint IS NULL OR octet_length(fingerprint) BETWEEN 1 AND 256),
    result_json JSONB
        CONSTRAINT workflow_event_idempotency_result_json_check
        CHECK (result_json IS NULL OR jsonb_typeof(result_json) = 'object'),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (workflow_instance_uuid, idempotency_key)
);`;

/** Down half of the idempotency DDL. */
export const IDEMPOTENCY_DOWN_SQL = "DROP TABLE IF EXISTS workflow_event_idempotency;";
