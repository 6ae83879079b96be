import { HISTORY_SEQUENCE_UP_SQL } from "./history-sequence-ddl.js";

/**
 * Full fresh-install DDL of the three core tables and their indexes, with the given history uuid default
 * expression (`gen_random_uuid()` or `uuidv7()`).
 *
 * The incremental dbmate chain (001→006, 009 and 011) must end in the same catalog; the schema integration test compares both
 * against `test/schema.dump.sql`.
 */
export function coreTablesUpSql(historyUuidDefault: string): string {
  return `CREATE TABLE workflow_instances (
    uuid UUID PRIMARY KEY,
    workflow_name TEXT NOT NULL,
    current_state TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 0,
    definition_version INTEGER,
    expires_at TIMESTAMPTZ,
    last_transition_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    context_json JSONB NOT NULL DEFAULT '{}',
    metadata_json JSONB NOT NULL DEFAULT '{}',
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    timeout_attempts INTEGER NOT NULL DEFAULT 0,
    timeout_retry_at TIMESTAMPTZ,
    timeout_last_error TEXT,
    timeout_parked_at TIMESTAMPTZ
);

${INSTANCE_BASE_INDEXES_SQL}

${TIMEOUT_INDEXES_SQL}

${DEFINITION_VERSION_INDEX_SQL}

${INSTANCE_LIST_INDEX_SQL}

CREATE TABLE workflow_history (
    uuid UUID PRIMARY KEY DEFAULT ${historyUuidDefault},
    workflow_instance_uuid UUID NOT NULL REFERENCES workflow_instances (uuid),
    from_state TEXT,
    event_name TEXT NOT NULL,
    to_state TEXT NOT NULL,
    outcome TEXT NOT NULL
        CONSTRAINT workflow_history_outcome_check CHECK (outcome IN ('success', 'failure', 'guard-rejected')),
    error_message TEXT,
    rejected_by TEXT,
    command_results_json JSONB NOT NULL DEFAULT '[]',
    trigger_metadata_json JSONB NOT NULL DEFAULT '{}',
    definition_version INTEGER,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    seq BIGINT GENERATED ALWAYS AS IDENTITY
);

${HISTORY_CREATED_INDEX_SQL}

${HISTORY_SEQUENCE_UP_SQL}

${DEFINITIONS_TABLE_SQL}`;
}

/** Drops of the three core tables, dependants first. */
export const CORE_TABLES_DOWN_SQL = `DROP TABLE IF EXISTS workflow_definitions;
DROP TABLE IF EXISTS workflow_history;
DROP TABLE IF EXISTS workflow_instances;`;

/** The two instance indexes of migration 001: by workflow name, and the partial one on armed timeouts. */
export const INSTANCE_BASE_INDEXES_SQL = `CREATE INDEX workflow_instances_workflow_name_idx
    ON workflow_instances (workflow_name);

CREATE INDEX workflow_instances_expires_at_idx
    ON workflow_instances (expires_at)
    WHERE expires_at IS NOT NULL;`;

/** The history index of migration 001 (instance, newest `created_at` first). */
export const HISTORY_CREATED_INDEX_SQL = `CREATE INDEX workflow_history_instance_created_idx
    ON workflow_history (workflow_instance_uuid, created_at DESC);`;

/**
 * The two timeout indexes of migration 005. The due index is on the expression the `findExpired` scan orders
 * by; both are partial so they stay small (only armed, respectively parked, instances).
 */
export const TIMEOUT_INDEXES_SQL = `CREATE INDEX workflow_instances_timeout_due_idx
    ON workflow_instances ((coalesce(timeout_retry_at, expires_at)))
    WHERE expires_at IS NOT NULL AND timeout_parked_at IS NULL;

CREATE INDEX workflow_instances_timeout_parked_idx
    ON workflow_instances (timeout_parked_at)
    WHERE timeout_parked_at IS NOT NULL;`;

/** The (recommended, not required) index of migration 006, used by version counts and migration paging. */
export const DEFINITION_VERSION_INDEX_SQL = `CREATE INDEX workflow_instances_definition_version_idx
    ON workflow_instances (workflow_name, definition_version);`;

/**
 * The index of migration 011: the order of an instance list (`listInstances`, newest or oldest transition
 * first), so that every keyset page of a large workflow reads only its rows instead of sorting the workflow.
 * Read backwards it serves the ascending order too.
 */
export const INSTANCE_LIST_INDEX_SQL = `CREATE INDEX workflow_instances_last_transition_idx
    ON workflow_instances (workflow_name, last_transition_at DESC, uuid DESC);`;

/** Drop of {@link INSTANCE_LIST_INDEX_SQL}. */
export const INSTANCE_LIST_INDEX_DOWN_SQL = "DROP INDEX IF EXISTS workflow_instances_last_transition_idx;";

/** The `workflow_definitions` table of migration 004. */
export const DEFINITIONS_TABLE_SQL = `CREATE TABLE workflow_definitions (
    workflow_name TEXT NOT NULL,
    version INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    definition_json JSONB NOT NULL,
    registered_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (workflow_name, version)
);`;
