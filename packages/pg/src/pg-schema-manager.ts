import {
  CORE_TABLES_DOWN_SQL,
  coreTablesUpSql,
  DURABLE_EXECUTION_DOWN_SQL,
  DURABLE_EXECUTION_UP_SQL,
  HISTORY_SEQUENCE_DOWN_SQL,
  HISTORY_SEQUENCE_UP_SQL,
  IDEMPOTENCY_DOWN_SQL,
  IDEMPOTENCY_UP_SQL,
  INSTANCE_LIST_INDEX_DOWN_SQL,
  INSTANCE_LIST_INDEX_SQL,
  OUTBOX_DOWN_SQL,
  OUTBOX_UP_SQL,
} from "@duraflows/sql";

/**
 * Default expression of `workflow_history.uuid`: `"uuidv7"` (PostgreSQL 18+, time-ordered) or
 * `"gen_random_uuid"` (PostgreSQL 13+, random; the default).
 */
export type UuidStrategy = "uuidv7" | "gen_random_uuid";

/** What the header of {@link generateMigrationSql} says about each strategy. */
interface StrategyNote {
  name: UuidStrategy;
  expression: string;
  server: string;
  historyOrder: string;
}

const GEN_RANDOM_UUID: StrategyNote = {
  name: "gen_random_uuid",
  expression: "gen_random_uuid()",
  server: "PostgreSQL 13+",
  historyOrder: "random order within one transaction",
};

const UUIDV7: StrategyNote = {
  name: "uuidv7",
  expression: "uuidv7()",
  server: "PostgreSQL 18+",
  historyOrder: "keeps the order of history rows written in one transaction",
};

/** Options of {@link generateMigrationSql}. */
export interface MigrationSqlOptions {
  /** History uuid default; `"gen_random_uuid"` unless `"uuidv7"` is given. */
  uuidStrategy?: UuidStrategy;
  /** Also create `workflow_event_idempotency` (default `false`). */
  includeIdempotency?: boolean;
  /** Also create `workflow_executions` (default `false`). */
  includeDurableExecution?: boolean;
}

/**
 * Generates the DDL of a fresh install: the three core tables with every index and the `workflow_outbox` table
 * (what the dbmate files 001→006, 009, 010 and 011 build step by step), plus the optional idempotency and
 * durable-execution tables.
 *
 * The statements are plain `CREATE TABLE` / `CREATE INDEX` / `CREATE UNIQUE INDEX`, so the script fails on a
 * database that already has the tables. To run it at every start, insert `IF NOT EXISTS` yourself (see the
 * second example); the dbmate files are re-runnable as shipped.
 *
 * History is read newest first by `workflow_history.seq`, a `BIGINT GENERATED ALWAYS AS IDENTITY` column,
 * so the rows one multi-hop transition writes (they share one `created_at`: `now()` is constant inside a
 * transaction) come back in exactly the order they were written on every PostgreSQL version. The uuid strategy
 * only decides what the history uuids look like: `uuidv7()` (PostgreSQL 18+) gives time-ordered uuids, which
 * index better, `gen_random_uuid()` (PostgreSQL 13+, the default and what dbmate 001 hard-codes) random ones.
 * Instance uuids never get a default: the application supplies them.
 *
 * @example
 * ```ts
 * const { up } = generateMigrationSql({ uuidStrategy: "uuidv7", includeIdempotency: true });
 * await pool.query(up);
 * ```
 *
 * @example
 * ```ts
 * // Re-runnable form, e.g. applied at every application start.
 * const rerunnable = generateMigrationSql()
 *   .up.replace(/CREATE TABLE /g, "CREATE TABLE IF NOT EXISTS ")
 *   .replace(/CREATE INDEX /g, "CREATE INDEX IF NOT EXISTS ")
 *   .replace(/CREATE UNIQUE INDEX /g, "CREATE UNIQUE INDEX IF NOT EXISTS ");
 * await pool.query(rerunnable);
 * ```
 */
export function generateMigrationSql(options: MigrationSqlOptions = {}): { up: string; down: string } {
  const uuidv7 = options.uuidStrategy === "uuidv7";
  const [chosen, other] = uuidv7 ? [UUIDV7, GEN_RANDOM_UUID] : [GEN_RANDOM_UUID, UUIDV7];
  // The two header comments name both strategies, so a reader of the emitted script sees the alternative.
  const header = [
    `-- duraflows schema, history uuid strategy: ${chosen.name} (DEFAULT ${chosen.expression}, ${chosen.server})`,
    `-- other strategy: ${other.name} (DEFAULT ${other.expression}, ${other.server}, ${other.historyOrder})`,
  ].join("\n");
  const up = [header + "\n" + coreTablesUpSql(chosen.expression), OUTBOX_UP_SQL];
  const down: string[] = [];
  if (options.includeIdempotency) up.push(IDEMPOTENCY_UP_SQL);
  if (options.includeDurableExecution) {
    up.push(DURABLE_EXECUTION_UP_SQL);
    down.push(DURABLE_EXECUTION_DOWN_SQL);
  }
  if (options.includeIdempotency) down.push(IDEMPOTENCY_DOWN_SQL);
  down.push(OUTBOX_DOWN_SQL, CORE_TABLES_DOWN_SQL);
  return { up: up.join("\n\n") + "\n", down: down.join("\n") + "\n" };
}

/**
 * Generates the standalone, additive DDL of `workflow_event_idempotency`: dbmate 007 without its
 * `IF NOT EXISTS` (plain `CREATE TABLE`, like {@link generateMigrationSql}).
 */
export function generateIdempotencyMigrationSql(): { up: string; down: string } {
  return { up: IDEMPOTENCY_UP_SQL + "\n", down: IDEMPOTENCY_DOWN_SQL + "\n" };
}

/**
 * Generates the standalone, additive DDL of `workflow_executions` and its indexes: dbmate 008 without its
 * `IF NOT EXISTS` (plain `CREATE TABLE` / `CREATE INDEX` / `CREATE UNIQUE INDEX`).
 */
export function generateDurableExecutionMigrationSql(): { up: string; down: string } {
  return { up: DURABLE_EXECUTION_UP_SQL + "\n", down: DURABLE_EXECUTION_DOWN_SQL + "\n" };
}

/**
 * Generates the additive DDL that gives an existing schema `workflow_history.seq` (the exact history order)
 * and its index: the same SQL as dbmate 009, and the block {@link generateMigrationSql} ends its history part
 * with. It is one `DO` block that adds only what is missing, so it runs harmlessly on any schema.
 * Existing rows are numbered by `created_at`, then by physical position; on a large table the backfill
 * rewrites the table under an exclusive lock, so run it in a maintenance window.
 */
export function generateHistorySequenceMigrationSql(): { up: string; down: string } {
  return { up: HISTORY_SEQUENCE_UP_SQL + "\n", down: HISTORY_SEQUENCE_DOWN_SQL + "\n" };
}

/**
 * Generates the standalone, additive DDL of `workflow_outbox` (the transactional outbox of observers with
 * `delivery: "outbox"`) and its indexes: dbmate 010 without its `IF NOT EXISTS`.
 */
export function generateOutboxMigrationSql(): { up: string; down: string } {
  return { up: OUTBOX_UP_SQL + "\n", down: OUTBOX_DOWN_SQL + "\n" };
}

/**
 * Generates the additive DDL of `workflow_instances_last_transition_idx`, the index of instance lists by last
 * transition (`listInstances`, the dashboard): dbmate 011 without its `IF NOT EXISTS`. {@link generateMigrationSql}
 * creates it too. On a large table, create it with `CREATE INDEX CONCURRENTLY` instead (outside a transaction).
 */
export function generateInstanceListIndexMigrationSql(): { up: string; down: string } {
  return { up: INSTANCE_LIST_INDEX_SQL + "\n", down: INSTANCE_LIST_INDEX_DOWN_SQL + "\n" };
}
