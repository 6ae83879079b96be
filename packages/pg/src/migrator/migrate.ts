import { describeError } from "./describe-error.js";
import { type AdoptedVersion, detectSchema } from "./detect-schema.js";
import { type MigrationDatabase, type MigrationSession, openSession } from "./migration-database.js";
import { type MigrationFeature, type PgMigration, pgMigrations } from "./pg-migrations.js";
import { SchemaMigrationError } from "./schema-migration-error.js";

/** Oldest server the schema supports: `gen_random_uuid()` is built in from PostgreSQL 13. */
const MIN_SERVER_VERSION = 130000;
// A fixed key for pg_advisory_lock: every migrator of every duraflows version serialises on it. A
// transaction-level lock would be released between steps, letting a second runner interleave.
const LOCK_KEY = "7207150411930181";

const TABLE_SQL = `CREATE TABLE IF NOT EXISTS duraflows_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    source TEXT NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
)`;

/** Which optional tables to manage. */
export interface MigrationFeatureOptions {
  /** Manage `workflow_event_idempotency` (step 7). Default `true`. */
  idempotency?: boolean;
  /** Manage `workflow_executions` (step 8). Default `true`. */
  durableExecution?: boolean;
}

/** Progress of one step, passed to `onStep` before and after it runs. */
export interface MigrationStepEvent {
  version: number;
  name: string;
  direction: "up" | "down";
  phase: "start" | "done";
  /** 1-based position of the step in this run. */
  index: number;
  /** Steps in this run. */
  total: number;
}

/** Options of {@link migrate}. */
export interface MigrateOptions extends MigrationFeatureOptions {
  /** Stop after this version. Default: the latest. */
  to?: number;
  /** Called before and after each step (progress output). */
  onStep?: (event: MigrationStepEvent) => void;
}

/** Options of {@link migrateDown}. */
export interface MigrateDownOptions {
  /** Revert every applied step above this version; `0` removes every duraflows table. */
  to: number;
  /** Called before and after each step. */
  onStep?: (event: MigrationStepEvent) => void;
}

/** What {@link migrate} did. */
export interface MigrateResult {
  /** Versions applied by this run, in order. */
  applied: number[];
  /** Versions recorded without running anything, because the schema already had them. */
  adopted: AdoptedVersion[];
  /** Highest applied version afterwards (0 when none). */
  current: number;
}

/** What {@link migrateDown} did. */
export interface MigrateDownResult {
  /** Versions reverted, newest first. */
  reverted: number[];
  /** Highest applied version afterwards. */
  current: number;
}

/** One row of {@link migrationStatus}. */
export interface MigrationStatusEntry {
  version: number;
  name: string;
  file: string;
  feature: MigrationFeature | null;
  /** `skipped`: an optional step the options leave out; `adoptable`: present but not yet recorded. */
  state: "applied" | "pending" | "skipped" | "adoptable";
  /** `migrate`, `dbmate` or `detected` for recorded steps, else `null`. */
  source: string | null;
  appliedAt: Date | null;
  /** `false` when the recorded checksum differs from the shipped file (it was edited after it ran). */
  checksumMatches: boolean | null;
}

/** The schema's migration state, from {@link migrationStatus}. */
export interface MigrationStatus {
  /** `server_version_num` of the server. */
  serverVersion: number;
  /** Highest recorded version (0 when none). */
  current: number;
  /** Highest version this package ships. */
  latest: number;
  /** One entry per shipped step, oldest first. */
  entries: MigrationStatusEntry[];
  /** Recorded versions this package does not know (the database is ahead of the code). */
  unknown: number[];
}

interface RecordedRow {
  version: number;
  checksum: string;
  source: string;
  applied_at: Date;
}

function enabled(step: PgMigration, options: MigrationFeatureOptions): boolean {
  if (step.feature === "idempotency") return options.idempotency !== false;
  if (step.feature === "durableExecution") return options.durableExecution !== false;
  return true;
}

function assertVersion(name: string, value: unknown, latest: number): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0 || (value as number) > latest) {
    throw new SchemaMigrationError(
      `${name} must be an integer between 0 and ${latest}, got ${String(value)}`,
      `Run \`duraflows migrate status\` to see the versions.`,
    );
  }
  return value as number;
}

async function checkServer(client: MigrationSession): Promise<number> {
  const { rows } = await client.query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`);
  const version = Number(rows[0]!.v);
  if (version < MIN_SERVER_VERSION) {
    throw new SchemaMigrationError(
      `PostgreSQL ${Math.floor(version / 10000)} is too old: duraflows needs PostgreSQL 13 or newer`,
      "Upgrade the server, or point --database-url at a newer one.",
    );
  }
  return version;
}

async function readRecorded(client: MigrationSession): Promise<Map<number, RecordedRow>> {
  const exists = await client.query<{ present: boolean }>(
    `SELECT to_regclass(format('%I.%I', current_schema(), 'duraflows_migrations')) IS NOT NULL AS present`,
  );
  if (!exists.rows[0]!.present) return new Map();
  const { rows } = await client.query<RecordedRow>(
    `SELECT version, checksum, source, applied_at FROM duraflows_migrations ORDER BY version`,
  );
  return new Map(rows.map((row) => [row.version, row]));
}

function assertNotAhead(recorded: Map<number, RecordedRow>, steps: readonly PgMigration[]): void {
  const known = new Set(steps.map((step) => step.version));
  const unknown = [...recorded.keys()].filter((version) => !known.has(version));
  if (unknown.length > 0) {
    throw new SchemaMigrationError(
      `The database has schema version ${Math.max(...unknown)}, newer than this @duraflows/pg knows (${Math.max(...known)})`,
      "Upgrade @duraflows/pg (and @duraflows/cli) to the version that migrated this database.",
    );
  }
}

async function inTransaction<T>(client: MigrationSession, work: () => Promise<T>): Promise<T> {
  await client.query("BEGIN");
  try {
    const result = await work();
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

/** Runs `work` on one connection holding the migrator's session advisory lock. */
async function withLock<T>(
  database: MigrationDatabase,
  work: (client: MigrationSession) => Promise<T>,
): Promise<T> {
  const client = await openSession(database);
  let locked = false;
  try {
    await checkServer(client);
    await client.query(`SELECT pg_advisory_lock($1::bigint)`, [LOCK_KEY]);
    locked = true;
    return await work(client);
  } finally {
    if (locked)
      await client.query(`SELECT pg_advisory_unlock($1::bigint)`, [LOCK_KEY]).catch(() => undefined);
    client.release();
  }
}

/** Creates the bookkeeping table and, when it is empty, records what the existing schema already has. */
async function prepare(client: MigrationSession, steps: readonly PgMigration[]) {
  const adopted = await inTransaction(client, async () => {
    await client.script(TABLE_SQL);
    const recorded = await readRecorded(client);
    if (recorded.size > 0) return [];
    const found = await detectSchema(
      client,
      steps.map((step) => step.version),
    );
    for (const entry of found) {
      const step = steps.find((candidate) => candidate.version === entry.version)!;
      await client.query(
        `INSERT INTO duraflows_migrations (version, name, checksum, source) VALUES ($1, $2, $3, $4)`,
        [step.version, step.name, step.checksum, entry.source],
      );
    }
    return found;
  });
  const recorded = await readRecorded(client);
  assertNotAhead(recorded, steps);
  return { adopted, recorded };
}

function stepFailed(step: PgMigration, direction: "up" | "down", error: unknown): SchemaMigrationError {
  return new SchemaMigrationError(
    `Migration ${step.file} (${direction}) failed and was rolled back: ${describeError(error)}`,
    direction === "down" && step.version === 3
      ? "Delete or rewrite the guard-rejected history rows first, then run it again."
      : "Fix the cause, then run the same command again; the steps before it stay applied.",
    error,
  );
}

const current = (recorded: Iterable<number>): number => Math.max(0, ...recorded);

/**
 * Brings the schema up to date: the shipped steps (the dbmate files `001` … `010`) not yet recorded in
 * `duraflows_migrations`, oldest first, each in its own transaction that also records it. Concurrent runners
 * serialise on a session advisory lock: one applies, the others wait and then find nothing to do. A schema
 * built earlier by dbmate or by `generateMigrationSql()` is adopted (its steps are recorded, nothing is
 * re-created). Refuses a server older than PostgreSQL 13 and a database migrated by a newer release.
 *
 * @param database - a `pg` pool, or a single-session database such as PGlite; the tables go to the
 *   connection's current schema (the first on `search_path`).
 * @param options - `to`, the optional `idempotency` / `durableExecution` tables (both on by default) and `onStep`.
 * @returns the applied and adopted versions and the version reached.
 * @throws SchemaMigrationError on a refused database or a failing step (earlier steps stay applied).
 *
 * @example
 * ```ts
 * await migrate(pool); // at boot, before creating the runtime
 * await migrate(new PGlite("./data")); // embedded: PGlite from @electric-sql/pglite
 * ```
 */
export async function migrate(
  database: MigrationDatabase,
  options: MigrateOptions = {},
): Promise<MigrateResult> {
  const steps = pgMigrations();
  const latest = steps[steps.length - 1]!.version;
  const to = options.to === undefined ? latest : assertVersion("to", options.to, latest);
  return withLock(database, async (client) => {
    const { adopted, recorded } = await prepare(client, steps);
    const pending = steps.filter(
      (step) => step.version <= to && !recorded.has(step.version) && enabled(step, options),
    );
    const applied: number[] = [];
    for (const [i, step] of pending.entries()) {
      const event = { version: step.version, name: step.name, direction: "up" as const, index: i + 1 };
      options.onStep?.({ ...event, phase: "start", total: pending.length });
      try {
        await inTransaction(client, async () => {
          // The row goes in first: a runner that slipped past the lock would fail on the primary key here.
          await client.query(
            `INSERT INTO duraflows_migrations (version, name, checksum, source) VALUES ($1, $2, $3, 'migrate')`,
            [step.version, step.name, step.checksum],
          );
          await client.script(step.up);
        });
      } catch (error) {
        throw stepFailed(step, "up", error);
      }
      applied.push(step.version);
      options.onStep?.({ ...event, phase: "done", total: pending.length });
    }
    return { applied, adopted, current: current([...recorded.keys(), ...applied]) };
  });
}

/**
 * Reverts the applied steps above `to`, newest first, each with its `-- migrate:down` SQL in its own
 * transaction. Destructive: dropping a step drops its tables or columns and their data.
 *
 * @throws SchemaMigrationError on a bad `to`, a database ahead of this package, or a failing step.
 */
export async function migrateDown(
  database: MigrationDatabase,
  options: MigrateDownOptions,
): Promise<MigrateDownResult> {
  const steps = pgMigrations();
  const to = assertVersion("to", options.to, steps[steps.length - 1]!.version);
  return withLock(database, async (client) => {
    const { recorded } = await prepare(client, steps);
    const targets = steps.filter((step) => step.version > to && recorded.has(step.version)).reverse();
    const reverted: number[] = [];
    for (const [i, step] of targets.entries()) {
      const event = { version: step.version, name: step.name, direction: "down" as const, index: i + 1 };
      options.onStep?.({ ...event, phase: "start", total: targets.length });
      try {
        await inTransaction(client, async () => {
          await client.script(step.down);
          await client.query(`DELETE FROM duraflows_migrations WHERE version = $1`, [step.version]);
        });
      } catch (error) {
        throw stepFailed(step, "down", error);
      }
      reverted.push(step.version);
      recorded.delete(step.version);
      options.onStep?.({ ...event, phase: "done", total: targets.length });
    }
    return { reverted, current: current(recorded.keys()) };
  });
}

/**
 * Reads the migration state without changing anything (no lock, no table created). Steps an unmanaged
 * schema already has are reported as `adoptable`; the next {@link migrate} records them.
 */
export async function migrationStatus(
  database: MigrationDatabase,
  options: MigrationFeatureOptions = {},
): Promise<MigrationStatus> {
  const steps = pgMigrations();
  const client = await openSession(database);
  try {
    const serverVersion = await checkServer(client);
    const recorded = await readRecorded(client);
    const adoptable =
      recorded.size === 0
        ? new Set(
            (
              await detectSchema(
                client,
                steps.map((step) => step.version),
              )
            ).map((entry) => entry.version),
          )
        : new Set<number>();
    const known = new Set(steps.map((step) => step.version));
    const entries = steps.map((step): MigrationStatusEntry => {
      const row = recorded.get(step.version);
      const state = row
        ? "applied"
        : adoptable.has(step.version)
          ? "adoptable"
          : enabled(step, options)
            ? "pending"
            : "skipped";
      return {
        version: step.version,
        name: step.name,
        file: step.file,
        feature: step.feature ?? null,
        state,
        source: row?.source ?? null,
        appliedAt: row?.applied_at ?? null,
        checksumMatches: row ? row.checksum === step.checksum : null,
      };
    });
    return {
      serverVersion,
      current: current(recorded.keys()),
      latest: steps[steps.length - 1]!.version,
      entries,
      unknown: [...recorded.keys()].filter((version) => !known.has(version)),
    };
  } finally {
    client.release();
  }
}
