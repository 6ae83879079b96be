import type { MigrationSession } from "./migration-database.js";

/** A version that an existing schema already has, and how that was learned. */
export interface AdoptedVersion {
  version: number;
  /** `dbmate`: listed in dbmate's `schema_migrations`; `detected`: its tables, columns or indexes exist. */
  source: "dbmate" | "detected";
}

// One probe per step: the object that step creates, so a schema built by dbmate or by generateMigrationSql()
// (which folds steps 1–6, 9, 10 and 11 into one script) is recognised without trusting any bookkeeping table.
const PROBES_SQL = `
SELECT
  to_regclass(format('%I.%I', current_schema(), 'workflow_instances')) IS NOT NULL AS "1",
  EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()
    AND table_name = 'workflow_history' AND column_name = 'trigger_metadata_json') AS "2",
  EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()
    AND table_name = 'workflow_history' AND column_name = 'rejected_by') AS "3",
  to_regclass(format('%I.%I', current_schema(), 'workflow_definitions')) IS NOT NULL AS "4",
  EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()
    AND table_name = 'workflow_instances' AND column_name = 'timeout_attempts') AS "5",
  to_regclass(format('%I.%I', current_schema(), 'workflow_instances_definition_version_idx')) IS NOT NULL AS "6",
  to_regclass(format('%I.%I', current_schema(), 'workflow_event_idempotency')) IS NOT NULL AS "7",
  to_regclass(format('%I.%I', current_schema(), 'workflow_executions')) IS NOT NULL AS "8",
  EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()
    AND table_name = 'workflow_history' AND column_name = 'seq') AS "9",
  to_regclass(format('%I.%I', current_schema(), 'workflow_outbox')) IS NOT NULL AS "10",
  to_regclass(format('%I.%I', current_schema(), 'workflow_instances_last_transition_idx')) IS NOT NULL AS "11",
  to_regclass(format('%I.%I', current_schema(), 'schema_migrations')) IS NOT NULL AS dbmate`;

/**
 * Finds the steps an unmanaged schema already has: the versions dbmate recorded in `schema_migrations`, plus
 * the steps whose objects exist. Empty when there are no duraflows tables.
 *
 * @internal
 */
export async function detectSchema(
  client: Pick<MigrationSession, "query">,
  known: readonly number[],
): Promise<AdoptedVersion[]> {
  const { rows } = await client.query<Record<string, boolean>>(PROBES_SQL);
  const probes = rows[0]!;
  if (!probes["1"]) return [];
  const fromDbmate = new Set<number>();
  if (probes["dbmate"]) {
    const listed = await client.query<{ version: string }>(
      `SELECT version::text AS version FROM schema_migrations`,
    );
    for (const row of listed.rows) fromDbmate.add(Number(row.version));
  }
  const adopted: AdoptedVersion[] = [];
  for (const version of known) {
    if (fromDbmate.has(version)) adopted.push({ version, source: "dbmate" });
    else if (probes[String(version)]) adopted.push({ version, source: "detected" });
  }
  return adopted;
}
