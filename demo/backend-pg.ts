import { generateMigrationSql, pgWorkflowProviders } from "@duraflows/pg";
import pg from "pg";
import { maskUrl, type DemoBackend } from "./backend.js";

interface InstanceRow {
  uuid: string;
  workflow_name: string;
  current_state: string;
  version: number;
  context_json: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

/** A PostgreSQL server from `DATABASE_URL`, reached through `@duraflows/pg`; creates the tables if missing. */
export async function openPgBackend(databaseUrl: string): Promise<DemoBackend> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  const found = await pool.query<{ table: string | null }>(
    "SELECT to_regclass('workflow_instances')::text AS table",
  );
  const createdSchema = !found.rows[0]?.table;
  if (createdSchema) await pool.query(generateMigrationSql().up);

  return {
    label: `PostgreSQL at ${maskUrl(databaseUrl)}, through @duraflows/pg`,
    createdSchema,
    providers: pgWorkflowProviders(pool),
    async listInstances() {
      const { rows } = await pool.query<InstanceRow>(
        `SELECT uuid, workflow_name, current_state, version, context_json, created_at, updated_at
           FROM workflow_instances
          ORDER BY created_at`,
      );
      return rows.map((row) => ({
        uuid: row.uuid,
        workflowName: row.workflow_name,
        currentState: row.current_state,
        version: row.version,
        context: row.context_json,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
      }));
    },
    async close() {
      await pool.end();
    },
  };
}
