import {
  DEFINITION_VERSION_INDEX_SQL,
  DEFINITIONS_TABLE_SQL,
  HISTORY_CREATED_INDEX_SQL,
  INSTANCE_BASE_INDEXES_SQL,
  INSTANCE_LIST_INDEX_DOWN_SQL,
  INSTANCE_LIST_INDEX_SQL,
  TIMEOUT_INDEXES_SQL,
} from "./core-tables-ddl.js";
import { DURABLE_EXECUTION_DOWN_SQL, DURABLE_EXECUTION_UP_SQL } from "./durable-execution-ddl.js";
import { HISTORY_SEQUENCE_DOWN_SQL, HISTORY_SEQUENCE_UP_SQL } from "./history-sequence-ddl.js";
import { IDEMPOTENCY_DOWN_SQL, IDEMPOTENCY_UP_SQL } from "./idempotency-ddl.js";
import { withIfNotExists } from "./if-not-exists.js";
import { OUTBOX_DOWN_SQL, OUTBOX_UP_SQL } from "./outbox-ddl.js";

/** One shipped dbmate migration: its file name and the two halves, comments included, without the markers. */
export interface DbmateStep {
  readonly file: string;
  readonly up: string;
  readonly down: string;
}

/*
 * The text of every step is frozen once released: databases record each applied step, and the migrator
 * compares a checksum of its up half. A step may reuse a fragment of the fresh-install DDL only as long as the
 * fragment renders the released text; the drift check (`pnpm dbmate:check`) fails the build otherwise.
 * Columns and tables that a later step changes keep their original shape here, written out in full.
 */
const WORKFLOW_CORE: DbmateStep = {
  file: "001_workflow_core.sql",
  up: `-- Core tables in their original shape; later migrations add columns, constraints and indexes.
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

${withIfNotExists(INSTANCE_BASE_INDEXES_SQL)}

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

${withIfNotExists(HISTORY_CREATED_INDEX_SQL)}`,
  down: `DROP TABLE IF EXISTS workflow_history;
DROP TABLE IF EXISTS workflow_instances;`,
};

const REPLACE_TRIGGER_WITH_METADATA: DbmateStep = {
  file: "002_replace_trigger_with_metadata.sql",
  up: `-- Older schemas recorded a trigger type (user/admin/system/timeout) and an actor uuid in two columns;
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
$$;`,
  down: `ALTER TABLE workflow_history ADD COLUMN IF NOT EXISTS triggered_by_type TEXT;
ALTER TABLE workflow_history ADD COLUMN IF NOT EXISTS triggered_by_uuid UUID;
UPDATE workflow_history
SET triggered_by_type = trigger_metadata_json ->> 'type',
    triggered_by_uuid = CASE
        WHEN trigger_metadata_json ->> 'actorUuid'
            ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
        THEN (trigger_metadata_json ->> 'actorUuid')::uuid
    END
WHERE trigger_metadata_json <> '{}'::jsonb;
ALTER TABLE workflow_history DROP COLUMN IF EXISTS trigger_metadata_json;`,
};

const EVENT_GUARDS: DbmateStep = {
  file: "003_event_guards.sql",
  up: `-- Guards add a third outcome and the name of the rejecting guard. Drop-and-recreate keeps it re-runnable.
ALTER TABLE workflow_history DROP CONSTRAINT IF EXISTS workflow_history_outcome_check;
ALTER TABLE workflow_history
    ADD CONSTRAINT workflow_history_outcome_check CHECK (outcome IN ('success', 'failure', 'guard-rejected'));
ALTER TABLE workflow_history ADD COLUMN IF NOT EXISTS rejected_by TEXT;`,
  down: `-- Fails while guard-rejected rows exist: delete or rewrite them first.
ALTER TABLE workflow_history DROP CONSTRAINT IF EXISTS workflow_history_outcome_check;
ALTER TABLE workflow_history
    ADD CONSTRAINT workflow_history_outcome_check CHECK (outcome IN ('success', 'failure'));
ALTER TABLE workflow_history DROP COLUMN IF EXISTS rejected_by;`,
};

const DEFINITION_VERSIONS: DbmateStep = {
  file: "004_definition_versions.sql",
  up: `-- Every definition version ever used, so pinned instances keep running theirs.
${withIfNotExists(DEFINITIONS_TABLE_SQL)}
-- Nullable: instances and history rows written before versioning stay unstamped.
ALTER TABLE workflow_instances ADD COLUMN IF NOT EXISTS definition_version INTEGER;
ALTER TABLE workflow_history ADD COLUMN IF NOT EXISTS definition_version INTEGER;`,
  down: `ALTER TABLE workflow_history DROP COLUMN IF EXISTS definition_version;
ALTER TABLE workflow_instances DROP COLUMN IF EXISTS definition_version;
DROP TABLE IF EXISTS workflow_definitions;`,
};

const TIMEOUT_RETRIES: DbmateStep = {
  file: "005_timeout_retries.sql",
  up: `-- Timeout retry bookkeeping. Every statement is IF NOT EXISTS, so the file is safe to re-run.
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

${withIfNotExists(TIMEOUT_INDEXES_SQL)}`,
  down: `DROP INDEX IF EXISTS workflow_instances_timeout_parked_idx;
DROP INDEX IF EXISTS workflow_instances_timeout_due_idx;
ALTER TABLE workflow_instances DROP COLUMN IF EXISTS timeout_parked_at;
ALTER TABLE workflow_instances DROP COLUMN IF EXISTS timeout_last_error;
ALTER TABLE workflow_instances DROP COLUMN IF EXISTS timeout_retry_at;
ALTER TABLE workflow_instances DROP COLUMN IF EXISTS timeout_attempts;`,
};

const DEFINITION_VERSION_INDEX: DbmateStep = {
  file: "006_definition_version_index.sql",
  up: `-- Recommended, not required: serves version counts (countInstances) and migration paging
-- (findInstanceUuids). On a large table, pre-build it with CREATE INDEX CONCURRENTLY under the same name.
${withIfNotExists(DEFINITION_VERSION_INDEX_SQL)}`,
  down: "DROP INDEX IF EXISTS workflow_instances_definition_version_idx;",
};

const EVENT_IDEMPOTENCY: DbmateStep = {
  file: "007_event_idempotency.sql",
  up: `-- Optional: receipts of keyed triggerEvent calls. Same DDL as generateIdempotencyMigrationSql().
${withIfNotExists(IDEMPOTENCY_UP_SQL)}`,
  down: IDEMPOTENCY_DOWN_SQL,
};

const DURABLE_EXECUTION: DbmateStep = {
  file: "008_durable_execution.sql",
  up: `-- Optional, independent of 007: durable executions. Same DDL as generateDurableExecutionMigrationSql().
${withIfNotExists(DURABLE_EXECUTION_UP_SQL)}`,
  down: DURABLE_EXECUTION_DOWN_SQL,
};

const HISTORY_SEQUENCE: DbmateStep = {
  file: "009_history_sequence.sql",
  up: `-- The exact write order of history rows: rows one transaction writes share created_at (now() is the
-- transaction's start time), so only seq tells them apart on every PostgreSQL version. Existing rows are
-- numbered by created_at, then by their physical position; the step does nothing when seq already exists.
${HISTORY_SEQUENCE_UP_SQL}`,
  down: HISTORY_SEQUENCE_DOWN_SQL,
};

const WORKFLOW_OUTBOX: DbmateStep = {
  file: "010_workflow_outbox.sql",
  up: `-- The transactional outbox of observers delivered at least once. Same DDL as generateOutboxMigrationSql().
${withIfNotExists(OUTBOX_UP_SQL)}`,
  down: OUTBOX_DOWN_SQL,
};

const INSTANCE_LIST_INDEX: DbmateStep = {
  file: "011_instance_list_index.sql",
  up: `-- Serves instance lists (the dashboard's pages, listInstances) by last transition in either direction: a
-- page of a large workflow then reads 50 index entries instead of sorting every instance of the workflow.
-- Every transition updates last_transition_at, so the index is written on each one.
-- On a large table, build it beforehand without blocking writes, under the same name (outside a
-- transaction, which dbmate would otherwise open); this step then does nothing:
--   CREATE INDEX CONCURRENTLY IF NOT EXISTS workflow_instances_last_transition_idx
--       ON workflow_instances (workflow_name, last_transition_at DESC, uuid DESC);
${withIfNotExists(INSTANCE_LIST_INDEX_SQL)}`,
  down: INSTANCE_LIST_INDEX_DOWN_SQL,
};

/** Every shipped dbmate migration, oldest first: the source `packages/pg/sql/dbmate/*.sql` is generated from. */
export const DBMATE_STEPS: readonly DbmateStep[] = Object.freeze([
  WORKFLOW_CORE,
  REPLACE_TRIGGER_WITH_METADATA,
  EVENT_GUARDS,
  DEFINITION_VERSIONS,
  TIMEOUT_RETRIES,
  DEFINITION_VERSION_INDEX,
  EVENT_IDEMPOTENCY,
  DURABLE_EXECUTION,
  HISTORY_SEQUENCE,
  WORKFLOW_OUTBOX,
  INSTANCE_LIST_INDEX,
]);

/** The file text of a step, in dbmate's format (`-- migrate:up` first, one `-- migrate:down`). */
export function renderDbmateFile(step: DbmateStep): string {
  return `-- migrate:up\n${step.up}\n\n-- migrate:down\n${step.down}\n`;
}
