import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase, resolvePostgresServer, type TestDatabase } from "../src/index.js";

describe("createTestDatabase", () => {
  const created: TestDatabase[] = [];
  afterAll(async () => {
    await Promise.all(created.map((db) => db.drop().catch(() => undefined)));
  });

  it("finds a server and says where it came from", async () => {
    const server = await resolvePostgresServer();
    expect(["DATABASE_URL", "local", "testcontainers"]).toContain(server.source);
    if (process.env.DATABASE_URL) expect(server.source).toBe("DATABASE_URL");
  });

  it("gives each caller its own empty database and drops it afterwards", async () => {
    const first = await createTestDatabase("helper first");
    const second = await createTestDatabase("helper second");
    created.push(first, second);
    expect(first.name).not.toBe(second.name);
    expect(first.name).toMatch(/^duraflows_helper_first_[0-9a-f]{8}$/);

    const a = first.createPool();
    await a.query("CREATE TABLE marker (id int)");
    await a.query("INSERT INTO marker VALUES (1)");
    const b = second.createPool();
    const { rows } = await b.query("SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'marker'");
    expect(rows[0].n).toBe(0);

    await first.drop();
    const server = await resolvePostgresServer();
    const admin = new pg.Client({ connectionString: server.adminUrl });
    await admin.connect();
    try {
      const left = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [first.name]);
      expect(left.rowCount).toBe(0);
    } finally {
      await admin.end();
    }
    created.splice(created.indexOf(first), 1);
  });
});
