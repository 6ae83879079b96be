/** Width of one `workflow_history` partition. */
export type HistoryPartitionInterval = "day" | "week" | "month";

/** Options of {@link generateHistoryPartitioningSql}. */
export interface HistoryPartitioningOptions {
  /** Width of each partition (default `"month"`). */
  interval?: HistoryPartitionInterval;
  /** Partitions created ahead of the current one (default 3). */
  premake?: number;
  /**
   * Create `workflow_history_default` for rows outside every range (default `true`). Pass `false` when
   * pg_partman is to manage the table: its `create_parent` creates that partition itself.
   */
  defaultPartition?: boolean;
}

/** Per interval: the `date_trunc` unit, the step, and the partition-name suffix (pg_partman's naming). */
const INTERVALS: Record<HistoryPartitionInterval, { unit: string; step: string; suffix: string }> = {
  day: { unit: "day", step: "1 day", suffix: "YYYY_MM_DD" },
  week: { unit: "week", step: "1 week", suffix: 'IYYY"w"IW' },
  month: { unit: "month", step: "1 month", suffix: "YYYY_MM" },
};

/** Name of the maintenance function the partitioning script installs. */
const HISTORY_PARTITION_MAINTENANCE_FUNCTION = "duraflows_maintain_history_partitions";

function checkedOptions(options: HistoryPartitioningOptions): {
  interval: HistoryPartitionInterval;
  premake: number;
} {
  const interval = options.interval ?? "month";
  if (!Object.hasOwn(INTERVALS, interval))
    throw new TypeError(`interval must be "day", "week" or "month", got ${String(interval)}`);
  const premake = options.premake ?? 3;
  if (!Number.isSafeInteger(premake) || premake < 0 || premake > 1000)
    throw new TypeError(`premake must be an integer from 0 to 1000, got ${String(premake)}`);
  return { interval, premake };
}

/**
 * The maintenance function: creates the partitions from the current one to `p_premake` ahead, and, given
 * `p_drop_before`, detaches every partition whose range ends at or before it and drops it unless
 * `p_detach_only`. An instance's newest row is never lost: before a partition is detached, the rows that are the
 * newest of an existing instance are copied into the default partition (same uuid, seq and created_at).
 */
function maintenanceFunctionSql(interval: HistoryPartitionInterval): string {
  const { unit, step, suffix } = INTERVALS[interval];
  return `CREATE OR REPLACE FUNCTION ${HISTORY_PARTITION_MAINTENANCE_FUNCTION}(
    p_premake integer DEFAULT 3,
    p_drop_before timestamptz DEFAULT NULL,
    p_detach_only boolean DEFAULT false
) RETURNS TABLE (action text, partition_name text)
LANGUAGE plpgsql AS $fn$
DECLARE
    v_from timestamptz := date_trunc('${unit}', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
    v_to timestamptz;
    v_name text;
    v_part record;
BEGIN
    FOR i IN 0..p_premake LOOP
        v_to := ((v_from AT TIME ZONE 'UTC') + interval '${step}') AT TIME ZONE 'UTC';
        v_name := 'workflow_history_p' || to_char(v_from AT TIME ZONE 'UTC', '${suffix}');
        IF to_regclass(format('%I.%I', current_schema(), v_name)) IS NULL THEN
            EXECUTE format('CREATE TABLE %I PARTITION OF workflow_history FOR VALUES FROM (%L) TO (%L)',
                v_name, v_from, v_to);
            action := 'created';
            partition_name := v_name;
            RETURN NEXT;
        END IF;
        v_from := v_to;
    END LOOP;
    IF p_drop_before IS NULL THEN
        RETURN;
    END IF;
    FOR v_part IN
        SELECT c.relname AS name,
               substring(pg_get_expr(c.relpartbound, c.oid) FROM 'TO \\(''([^'']+)''\\)')::timestamptz AS upper_bound
        FROM pg_inherits i
        JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = format('%I.%I', current_schema(), 'workflow_history')::regclass
        ORDER BY 2
    LOOP
        CONTINUE WHEN v_part.upper_bound IS NULL OR v_part.upper_bound > p_drop_before;
        EXECUTE format('ALTER TABLE workflow_history DETACH PARTITION %I', v_part.name);
        -- The newest row of an existing instance stays readable: getHistory always shows the last step.
        EXECUTE format(
            'INSERT INTO workflow_history OVERRIDING SYSTEM VALUE
             SELECT old.* FROM %I old
             WHERE EXISTS (SELECT 1 FROM workflow_instances i WHERE i.uuid = old.workflow_instance_uuid)
               AND NOT EXISTS (SELECT 1 FROM workflow_history newer
                               WHERE newer.workflow_instance_uuid = old.workflow_instance_uuid AND newer.seq > old.seq)
               AND NOT EXISTS (SELECT 1 FROM %I newer
                               WHERE newer.workflow_instance_uuid = old.workflow_instance_uuid AND newer.seq > old.seq)',
            v_part.name, v_part.name);
        action := 'detached';
        partition_name := v_part.name;
        RETURN NEXT;
        IF NOT p_detach_only THEN
            EXECUTE format('DROP TABLE %I', v_part.name);
            action := 'dropped';
            RETURN NEXT;
        END IF;
    END LOOP;
END
$fn$;`;
}

/**
 * Generates the opt-in script that turns `workflow_history` into a table range-partitioned by `created_at`, and
 * installs `duraflows_maintain_history_partitions(premake, drop_before, detach_only)`.
 *
 * The primary key becomes `(uuid, created_at)`, since a partitioned table's unique constraints must include the
 * partition key; the uuids stay unique because the database generates them. `getHistory` reads through the
 * partitioned index `(workflow_instance_uuid, seq DESC)`, the `seq` identity continues after the highest
 * number the old table handed out, and the uuid default is kept. Partitions are named like pg_partman's
 * (`workflow_history_p2026_12` for months, `_p2026_12_02` for days, `_p2026w49` for ISO weeks, in UTC), with a
 * `workflow_history_default` partition for rows outside every range.
 *
 * The script runs in one transaction: it copies every existing row into the new table under an exclusive lock
 * (plan a maintenance window for a large table) and drops the old one. It does nothing when `workflow_history`
 * is already partitioned, apart from (re)installing the maintenance function.
 *
 * @example
 * ```ts
 * await pool.query(generateHistoryPartitioningSql({ interval: "month", premake: 3 }));
 * ```
 */
export function generateHistoryPartitioningSql(options: HistoryPartitioningOptions = {}): string {
  const { interval, premake } = checkedOptions(options);
  const { unit, step, suffix } = INTERVALS[interval];
  const defaultPartitionSql =
    options.defaultPartition === false
      ? ""
      : "    CREATE TABLE workflow_history_default PARTITION OF workflow_history DEFAULT;\n";
  return `BEGIN;
LOCK TABLE workflow_history IN ACCESS EXCLUSIVE MODE;
DO $$
DECLARE
    v_uuid_default text;
    v_next bigint;
    v_from timestamptz;
    v_until timestamptz := ((date_trunc('${unit}', now() AT TIME ZONE 'UTC') + interval '${step}' * ${premake + 1}) AT TIME ZONE 'UTC');
    v_to timestamptz;
BEGIN
    IF (SELECT c.relkind FROM pg_class c WHERE c.oid = format('%I.%I', current_schema(), 'workflow_history')::regclass) = 'p' THEN
        RETURN;
    END IF;
    SELECT pg_get_expr(d.adbin, d.adrelid) INTO v_uuid_default
    FROM pg_attrdef d
    JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
    WHERE d.adrelid = 'workflow_history'::regclass AND a.attname = 'uuid';
    SELECT greatest(
        (SELECT max(seq) FROM workflow_history),
        (SELECT s.last_value
         FROM pg_sequences s
         WHERE s.schemaname = current_schema()
           AND format('%I.%I', s.schemaname, s.sequencename)::regclass
               = pg_get_serial_sequence('workflow_history', 'seq')::regclass)
    ) INTO v_next;
    ALTER TABLE workflow_history RENAME TO workflow_history_unpartitioned;
    ALTER INDEX workflow_history_pkey RENAME TO workflow_history_unpartitioned_pkey;
    ALTER INDEX workflow_history_instance_created_idx RENAME TO workflow_history_unpartitioned_created_idx;
    ALTER INDEX workflow_history_instance_seq_idx RENAME TO workflow_history_unpartitioned_seq_idx;
    EXECUTE format($ddl$CREATE TABLE workflow_history (
        uuid UUID NOT NULL DEFAULT %s,
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
        seq BIGINT GENERATED ALWAYS AS IDENTITY,
        CONSTRAINT workflow_history_pkey PRIMARY KEY (uuid, created_at)
    ) PARTITION BY RANGE (created_at)$ddl$, coalesce(v_uuid_default, 'gen_random_uuid()'));
    CREATE INDEX workflow_history_instance_created_idx
        ON workflow_history (workflow_instance_uuid, created_at DESC);
    CREATE INDEX workflow_history_instance_seq_idx
        ON workflow_history (workflow_instance_uuid, seq DESC);
    SELECT date_trunc('${unit}', coalesce(min(created_at), now()) AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
    INTO v_from FROM workflow_history_unpartitioned;
    WHILE v_from < v_until LOOP
        v_to := ((v_from AT TIME ZONE 'UTC') + interval '${step}') AT TIME ZONE 'UTC';
        EXECUTE format('CREATE TABLE %I PARTITION OF workflow_history FOR VALUES FROM (%L) TO (%L)',
            'workflow_history_p' || to_char(v_from AT TIME ZONE 'UTC', '${suffix}'), v_from, v_to);
        v_from := v_to;
    END LOOP;
${defaultPartitionSql}    INSERT INTO workflow_history (
        uuid, workflow_instance_uuid, from_state, event_name, to_state, outcome, error_message, rejected_by,
        command_results_json, trigger_metadata_json, definition_version, created_at, seq
    ) OVERRIDING SYSTEM VALUE
    SELECT uuid, workflow_instance_uuid, from_state, event_name, to_state, outcome, error_message, rejected_by,
        command_results_json, trigger_metadata_json, definition_version, created_at, seq
    FROM workflow_history_unpartitioned;
    IF v_next IS NOT NULL THEN
        PERFORM setval(pg_get_serial_sequence('workflow_history', 'seq'), v_next);
    END IF;
    DROP TABLE workflow_history_unpartitioned;
END
$$;
${maintenanceFunctionSql(interval)}
COMMIT;`;
}

/**
 * The `SELECT` that runs one maintenance pass through the installed function; `$1` premake, `$2` drop-before
 * instant (or null), `$3` detach only.
 *
 * @internal
 */
export const MAINTAIN_HISTORY_PARTITIONS_SQL = `SELECT action, partition_name FROM ${HISTORY_PARTITION_MAINTENANCE_FUNCTION}($1::integer, $2::timestamptz, $3::boolean)`;
