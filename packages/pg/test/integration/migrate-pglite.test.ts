import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateMigrationSql } from "../../src/pg-schema-manager.js";
import { migrate, migrateDown, migrationStatus } from "../../src/migrator/migrate.js";
import { readDbmateMigrations } from "../support/dbmate-migrations.js";

// The same migrator on embedded PostgreSQL (PGlite: one session, statements through the extended protocol).
// Starting PGlite compiles PostgreSQL's WebAssembly, which takes long on a busy machine: one instance serves
// every case, each in its own schema (the migrator works in the first schema of the search_path).
const STEPS = readDbmateMigrations().length;

let db: PGlite;
let counter = 0;

/** A new empty schema, made the current one. */
async function useFreshSchema(): Promise<string> {
  const name = `pglite_${++counter}`;
  await db.exec(`CREATE SCHEMA ${name}; SET search_path TO ${name};`);
  return name;
}

/** Tables and columns of a schema, as one sorted list, to compare two schemas. */
async function columns(schema: string): Promise<string[]> {
  const { rows } = await db.query<{ c: string }>(
    `SELECT table_name || '.' || column_name || ' ' || data_type AS c FROM information_schema.columns
      WHERE table_schema = $1 AND table_name <> 'duraflows_migrations' ORDER BY 1`,
    [schema],
  );
  return rows.map((row) => row.c);
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe("migrate / migrateDown / migrationStatus on PGlite", { timeout: 600_000 }, () => {
  beforeAll(async () => {
    db = new PGlite();
    await db.waitReady;
  }, 600_000);
  afterAll(async () => {
    await db.close();
  });

  it("applies every step, reaching the same tables as the dbmate chain, then goes down and up again", async () => {
    const reference = await useFreshSchema();
    for (const migration of readDbmateMigrations()) await db.exec(migration.up);
    const schema = await useFreshSchema();
    expect(await migrate(db)).toEqual({ applied: range(1, STEPS), adopted: [], current: STEPS });
    expect(await columns(schema)).toEqual(await columns(reference));
    expect((await migrate(db)).applied).toEqual([]);

    const status = await migrationStatus(db);
    expect(status.current).toBe(STEPS);
    expect(status.serverVersion).toBeGreaterThanOrEqual(170000);
    expect(status.entries.every((entry) => entry.state === "applied" && entry.checksumMatches)).toBe(true);

    expect(await migrateDown(db, { to: 6 })).toEqual({ reverted: range(7, STEPS).reverse(), current: 6 });
    expect((await db.query("SELECT to_regclass('workflow_executions') AS t")).rows).toEqual([{ t: null }]);
    expect((await migrate(db)).applied).toEqual(range(7, STEPS));
    expect((await migrateDown(db, { to: 0 })).current).toBe(0);
    expect((await db.query("SELECT to_regclass('workflow_instances') AS t")).rows).toEqual([{ t: null }]);
  });

  it("adopts a generator-built and a dbmate-built schema", async () => {
    await useFreshSchema();
    await db.exec(generateMigrationSql({ includeIdempotency: true }).up);
    const fromGenerator = await migrate(db);
    expect(fromGenerator.applied).toEqual([8]);
    expect(fromGenerator.adopted).toEqual(
      range(1, STEPS)
        .filter((version) => version !== 8)
        .map((version) => ({ version, source: "detected" })),
    );

    await useFreshSchema();
    for (const migration of readDbmateMigrations().slice(0, 7)) await db.exec(migration.up);
    await db.exec(
      "CREATE TABLE schema_migrations (version varchar(128) PRIMARY KEY);" +
        "INSERT INTO schema_migrations VALUES ('001'),('002'),('003'),('004'),('005'),('006'),('007');" +
        "INSERT INTO workflow_instances (uuid, workflow_name, current_state) VALUES (gen_random_uuid(), 'w', 's');",
    );
    expect((await migrationStatus(db)).entries.slice(0, 7).map((entry) => entry.state)).toEqual(
      Array(7).fill("adoptable"),
    );
    const fromDbmate = await migrate(db);
    expect(fromDbmate.adopted.map((entry) => entry.source)).toEqual(Array(7).fill("dbmate"));
    expect(fromDbmate.applied).toEqual(range(8, STEPS));
    expect((await db.query("SELECT count(*)::int AS n FROM workflow_instances")).rows).toEqual([{ n: 1 }]);
  });

  it("leaves out the optional tables on request and adds them on a later run", async () => {
    await useFreshSchema();
    await migrate(db, { idempotency: false, durableExecution: false });
    const states = (await migrationStatus(db, { idempotency: false, durableExecution: false })).entries;
    expect(states.filter((entry) => entry.state === "skipped").map((entry) => entry.version)).toEqual([7, 8]);
    expect((await migrate(db)).applied).toEqual([7, 8]);
  });
});
