import { createTestDatabase, type TestDatabase } from "@duraflows/test-support";
import { generateMigrationSql } from "@duraflows/pg";
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

const DBMATE_DIR = fileURLToPath(new URL("../../pg/sql/dbmate/", import.meta.url));

// Every shipped step, so the expectations follow when a migration is added.
const STEPS = readdirSync(DBMATE_DIR)
  .filter((file) => file.endsWith(".sql"))
  .sort();
const N = STEPS.length;
const LAST = STEPS[N - 1]!.replace(/\.sql$/, "");

function dbmateDown(file: string): string {
  const text = readFileSync(DBMATE_DIR + file, "utf8");
  return text.slice(text.indexOf("-- migrate:down\n") + "-- migrate:down\n".length);
}

function dbmateUp(file: string): string {
  const text = readFileSync(DBMATE_DIR + file, "utf8");
  return text.slice("-- migrate:up\n".length, text.indexOf("-- migrate:down\n"));
}

describe("duraflows migrate", () => {
  let db: TestDatabase;
  let counter = 0;

  /** A new empty database for one case: returns its URL and a pool on it. */
  async function freshDatabase() {
    const other = await createTestDatabase(`cli-migrate-${++counter}`);
    dbs.push(other);
    return { url: other.url, pool: other.createPool() };
  }
  const dbs: TestDatabase[] = [];

  beforeAll(async () => {
    db = await createTestDatabase("cli-migrate");
    dbs.push(db);
  });
  afterAll(async () => {
    for (const each of dbs) await each.drop();
  });

  it("up applies every step with progress lines, then reports the schema up to date", async () => {
    const first = await runCli(["migrate", "up", "--database-url", db.url]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`[1/${N}] applying 001_workflow_core …`);
    expect(first.stdout).toContain(`[${N}/${N}] done ${LAST}`);
    expect(first.stdout).toContain(`Schema at version ${N}: ${N} applied, 0 adopted.`);
    expect(first.stdout).not.toContain("\u001b["); // not a TTY: no colours
    const again = await runCli(["migrate", "up"], { DATABASE_URL: db.url });
    expect(again).toMatchObject({ code: 0, stdout: `Schema is up to date (version ${N}).\n` });
    const status = await runCli(["migrate", "status", "--json"], { DATABASE_URL: db.url });
    expect(status.code).toBe(0);
    const parsed = JSON.parse(status.stdout) as {
      current: number;
      latest: number;
      entries: { state: string }[];
    };
    expect(parsed).toMatchObject({ current: N, latest: N, unknown: [] });
    expect(parsed.entries.map((entry) => entry.state)).toEqual(Array(N).fill("applied"));
  });

  it("two concurrent `migrate up` runs both succeed: one applies, the other waits", async () => {
    const { url, pool } = await freshDatabase();
    const [a, b] = await Promise.all([
      runCli(["migrate", "up", "--json"], { DATABASE_URL: url }),
      runCli(["migrate", "up", "--json"], { DATABASE_URL: url }),
    ]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const applied = [a, b]
      .map((run) => (JSON.parse(run.stdout) as { applied: number[] }).applied.length)
      .sort();
    expect(applied).toEqual([0, N]);
    const { rows } = await pool.query("SELECT count(*)::int AS n FROM duraflows_migrations");
    expect(rows[0].n).toBe(N);
    await pool.end();
  });

  it("adopts a dbmate-migrated database without re-creating its tables", async () => {
    const { url, pool } = await freshDatabase();
    const files = readdirSync(DBMATE_DIR)
      .filter((file) => file.endsWith(".sql"))
      .sort();
    for (const file of files) await pool.query(dbmateUp(file));
    await pool.query("CREATE TABLE schema_migrations (version varchar(128) PRIMARY KEY)");
    await pool.query(
      `INSERT INTO schema_migrations VALUES ${files.map((f) => `('${f.slice(0, 3)}')`).join(",")}`,
    );
    await pool.query(
      "INSERT INTO workflow_instances (uuid, workflow_name, current_state) VALUES (gen_random_uuid(), 'w', 's')",
    );
    const status = await runCli(["migrate", "status"], { DATABASE_URL: url });
    expect(status.stdout).toMatch(/001\s+workflow_core\s+adoptable/);
    const up = await runCli(["migrate", "up", "--json"], { DATABASE_URL: url });
    expect(up.code).toBe(0);
    const result = JSON.parse(up.stdout) as { applied: number[]; adopted: { source: string }[] };
    expect(result.applied).toEqual([]);
    expect(result.adopted.map((entry) => entry.source)).toEqual(Array(N).fill("dbmate"));
    const { rows } = await pool.query("SELECT count(*)::int AS n FROM workflow_instances");
    expect(rows[0].n).toBe(1);
    await pool.end();
  });

  it("adopts a generateMigrationSql() database and adds the missing durable-execution table", async () => {
    const { url, pool } = await freshDatabase();
    await pool.query(generateMigrationSql({ includeIdempotency: true }).up);
    const up = await runCli(["migrate", "up"], { DATABASE_URL: url });
    expect(up.code).toBe(0);
    expect(up.stdout).toContain("adopted 001 (detected)");
    expect(up.stdout).toContain("[1/1] applying 008_durable_execution …");
    expect(up.stdout).toContain(`Schema at version ${N}: 1 applied, ${N - 1} adopted.`);
    await pool.end();
  });

  it("down --to N then up again", async () => {
    const { url, pool } = await freshDatabase();
    expect((await runCli(["migrate", "up"], { DATABASE_URL: url })).code).toBe(0);
    const down = await runCli(["migrate", "down", "--to", "6"], { DATABASE_URL: url });
    expect(down.code).toBe(0);
    expect(down.stdout).toContain(`[1/${N - 6}] reverting ${LAST} …`);
    expect(down.stdout).toContain(`Schema at version 6: ${N - 6} reverted.`);
    const missing = await pool.query("SELECT to_regclass('workflow_executions') AS t");
    expect(missing.rows[0].t).toBeNull();
    const up = await runCli(["migrate", "up", "--json"], { DATABASE_URL: url });
    expect(JSON.parse(up.stdout)).toMatchObject({
      applied: Array.from({ length: N - 6 }, (_, i) => 7 + i),
      current: N,
    });
    await pool.end();
  });

  it("refuses a database ahead of the code with exit 1 and a hint, no stack trace", async () => {
    const { url, pool } = await freshDatabase();
    await runCli(["migrate", "up", "--to", "2"], { DATABASE_URL: url });
    await pool.query(
      "INSERT INTO duraflows_migrations (version, name, checksum, source) VALUES (42, 'future', '', 'migrate')",
    );
    const up = await runCli(["migrate", "up"], { DATABASE_URL: url });
    expect(up.code).toBe(1);
    expect(up.stderr).toBe(
      `error: The database has schema version 42, newer than this @duraflows/pg knows (${N})\n` +
        "hint: Upgrade @duraflows/pg (and @duraflows/cli) to the version that migrated this database.\n",
    );
    const json = await runCli(["migrate", "up", "--json"], { DATABASE_URL: url });
    expect(JSON.parse(json.stderr)).toEqual({
      error: {
        kind: "SchemaMigrationError",
        message: `The database has schema version 42, newer than this @duraflows/pg knows (${N})`,
        hint: "Upgrade @duraflows/pg (and @duraflows/cli) to the version that migrated this database.",
      },
    });
    expect((await runCli(["migrate", "status"], { DATABASE_URL: url })).code).toBe(1);
    await pool.end();
  });

  it("usage errors exit 2 and connection errors exit 1, both without a stack trace", async () => {
    const usage = await runCli(["migrate", "down"], { DATABASE_URL: db.url });
    expect(usage).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "error: migrate down needs --to N (0 reverts every step)\nhint: Run `duraflows help migrate` for usage.\n",
    });
    expect((await runCli(["migrate", "up", "--bogus"])).code).toBe(2);
    expect((await runCli(["migrate", "up", "--to", "99"], { DATABASE_URL: db.url })).code).toBe(2);
    const noUrl = await runCli(["migrate", "status"]);
    expect(noUrl.code).toBe(1);
    expect(noUrl.stderr).toContain("error: No database given");
    const refused = await runCli([
      "migrate",
      "status",
      "--database-url",
      "postgres://nobody:secret@127.0.0.1:1/none",
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^error: Cannot connect to postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/none: .*ECONNREFUSED/,
    );
    expect(refused.stderr).not.toMatch(/\n\s+at /);
  });

  it("sql prints the steps without a database; --help shows examples", async () => {
    const sql = await runCli(["migrate", "sql", "--from", "7"]);
    expect(sql.code).toBe(0);
    expect(sql.stdout.startsWith("-- 007_event_idempotency.sql (up)\n")).toBe(true);
    expect(sql.stdout).toContain("-- 008_durable_execution.sql (up)");
    const down = await runCli(["migrate", "sql", "--down", "--from", String(N), "--json"]);
    expect(JSON.parse(down.stdout)).toEqual([
      { version: N, file: `${LAST}.sql`, sql: dbmateDown(`${LAST}.sql`) },
    ]);
    const help = await runCli(["migrate", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Examples:\n  duraflows migrate up --database-url");
  });
});
