import { createTestDatabase, type TestDatabase } from "@duraflows/test-support";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateMigrationSql } from "../../src/pg-schema-manager.js";
import { migrate, migrateDown, migrationStatus } from "../../src/migrator/migrate.js";
import { SchemaMigrationError } from "../../src/migrator/schema-migration-error.js";
import { dumpCatalog } from "../support/catalog-dump.js";
import { readDbmateMigrations } from "../support/dbmate-migrations.js";

describe("migrate / migrateDown / migrationStatus", () => {
  let db: TestDatabase;
  let counter = 0;
  const names = new Map<pg.Pool, string>();

  /** A fresh schema and a pool whose search_path points at it. */
  async function schema(): Promise<pg.Pool> {
    const name = `mig_${++counter}`;
    const admin = db.createPool({ max: 1 });
    await admin.query(`CREATE SCHEMA ${name}`);
    await admin.end();
    const pool = db.createPool({ options: `-c search_path=${name}` });
    names.set(pool, name);
    return pool;
  }

  async function recorded(pool: pg.Pool) {
    const { rows } = await pool.query<{ version: number; source: string }>(
      "SELECT version, source FROM duraflows_migrations ORDER BY version",
    );
    return rows.map((row) => `${row.version}:${row.source}`);
  }

  beforeAll(async () => {
    db = await createTestDatabase("pg-migrate");
  });
  afterAll(async () => {
    await db.drop();
  });

  it("applies every step on an empty schema, reaching the same catalog as the dbmate chain", async () => {
    const pool = await schema();
    const reference = await schema();
    const steps: string[] = [];
    const result = await migrate(pool, { onStep: (e) => steps.push(`${e.phase}:${e.version}/${e.total}`) });
    expect(result).toEqual({ applied: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], adopted: [], current: 11 });
    expect(steps.slice(0, 2)).toEqual(["start:1/11", "done:1/11"]);
    for (const migration of readDbmateMigrations()) await reference.query(migration.up);
    const withoutBookkeeping = (dump: string) => {
      let skipping = false;
      return dump
        .split("\n")
        .filter((line) => {
          if (/^\S/.test(line)) skipping = line.includes("duraflows_migrations");
          return !skipping && !line.includes("duraflows_migrations");
        })
        .join("\n");
    };
    expect(withoutBookkeeping(await dumpCatalog(pool, names.get(pool)!))).toEqual(
      await dumpCatalog(reference, names.get(reference)!),
    );
    expect((await migrate(pool)).applied).toEqual([]);
    const status = await migrationStatus(pool);
    expect(status.current).toBe(11);
    expect(status.entries.every((entry) => entry.state === "applied" && entry.checksumMatches)).toBe(true);
  });

  it("serialises two concurrent runners: one applies, the other waits and finds nothing to do", async () => {
    const pool = await schema();
    const other = db.createPool({ options: pool.options.options });
    const [a, b] = await Promise.all([migrate(pool), migrate(other)]);
    expect([a.applied.length, b.applied.length].sort((x, y) => x - y)).toEqual([0, 11]);
    expect(await recorded(pool)).toHaveLength(11);
  });

  it("adopts a dbmate-migrated schema from schema_migrations and a generator-built one by detection", async () => {
    const dbmate = await schema();
    for (const migration of readDbmateMigrations().slice(0, 7)) await dbmate.query(migration.up);
    await dbmate.query("CREATE TABLE schema_migrations (version varchar(128) PRIMARY KEY)");
    await dbmate.query(
      "INSERT INTO schema_migrations VALUES ('001'),('002'),('003'),('004'),('005'),('006'),('007')",
    );
    await dbmate.query(
      "INSERT INTO workflow_instances (uuid, workflow_name, current_state) VALUES (gen_random_uuid(), 'w', 's')",
    );
    expect((await migrationStatus(dbmate)).entries.map((entry) => entry.state)).toEqual([
      ...Array(7).fill("adoptable"),
      "pending",
      "pending",
      "pending",
      "pending",
    ]);
    const adopted = await migrate(dbmate);
    expect(adopted.adopted.map((entry) => entry.source)).toEqual(Array(7).fill("dbmate"));
    expect(adopted.applied).toEqual([8, 9, 10, 11]);
    expect((await dbmate.query("SELECT count(*)::int AS n FROM workflow_instances")).rows[0].n).toBe(1);

    const generated = await schema();
    await generated.query(generateMigrationSql({ includeIdempotency: true }).up);
    const result = await migrate(generated);
    expect(result.adopted).toEqual(
      [1, 2, 3, 4, 5, 6, 7, 9, 10, 11].map((version) => ({ version, source: "detected" })),
    );
    expect(result.applied).toEqual([8]);
  });

  it("goes down to a version and up again, and honours the optional tables", async () => {
    const pool = await schema();
    await migrate(pool, { idempotency: false, durableExecution: false });
    expect(
      (await migrationStatus(pool, { idempotency: false, durableExecution: false })).entries.find(
        (entry) => entry.version === 8,
      )?.state,
    ).toBe("skipped");
    expect((await migrate(pool, { durableExecution: false })).applied).toEqual([7]);
    expect(await migrateDown(pool, { to: 4 })).toEqual({ reverted: [11, 10, 9, 7, 6, 5], current: 4 });
    expect(await recorded(pool)).toEqual(["1:migrate", "2:migrate", "3:migrate", "4:migrate"]);
    expect((await migrate(pool)).applied).toEqual([5, 6, 7, 8, 9, 10, 11]);
    expect((await migrateDown(pool, { to: 0 })).current).toBe(0);
    const { rows } = await pool.query("SELECT to_regclass('workflow_instances') AS t");
    expect(rows[0].t).toBeNull();
    expect((await migrate(pool)).applied).toHaveLength(11);
  });

  it("refuses a database ahead of the code and bad targets, changing nothing", async () => {
    const pool = await schema();
    await migrate(pool, { to: 2 });
    await expect(migrate(pool, { to: 12 })).rejects.toThrow("to must be an integer between 0 and 11, got 12");
    await expect(migrateDown(pool, { to: -1 })).rejects.toBeInstanceOf(SchemaMigrationError);
    await pool.query(
      "INSERT INTO duraflows_migrations (version, name, checksum, source) VALUES (12, 'x', 'x', 'migrate')",
    );
    const ahead = migrate(pool);
    await expect(ahead).rejects.toThrow(
      "The database has schema version 12, newer than this @duraflows/pg knows (11)",
    );
    await expect(migrationStatus(pool)).resolves.toMatchObject({ unknown: [12], current: 12 });
    expect(await recorded(pool)).toEqual(["1:migrate", "2:migrate", "12:migrate"]);
  });

  it("rolls back a failing step and reports it with a hint", async () => {
    const pool = await schema();
    await migrate(pool, { to: 2 });
    await pool.query("DROP TABLE workflow_history");
    const error = await migrate(pool).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaMigrationError);
    expect((error as SchemaMigrationError).message).toMatch(
      /^Migration 003_event_guards.sql \(up\) failed and was rolled back: relation "workflow_history" does not exist/,
    );
    expect(await recorded(pool)).toEqual(["1:migrate", "2:migrate"]);
  });
});
