import { createTestDatabase, type TestDatabase } from "@duraflows/test-support";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";
import { fixtureRuntime } from "./support.js";

describe("history partition and history partitions", () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let env: Record<string, string>;
  let order: string;

  beforeAll(async () => {
    db = await createTestDatabase("cli-partitions");
    env = { DATABASE_URL: db.url };
    expect((await runCli(["migrate", "up"], env)).code).toBe(0);
    pool = db.createPool();
    const runtime = fixtureRuntime(pool);
    order = (await runtime.createInstance({ workflowName: "cli-order" })).uuid;
    await runtime.triggerEvent({ workflowInstanceUuid: order, eventName: "Pay" });
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  const relkind = async () =>
    (await pool.query<{ relkind: string }>(`SELECT relkind FROM pg_class WHERE relname = 'workflow_history'`))
      .rows[0]!.relkind;
  const partitions = async () =>
    (
      await pool.query<{ name: string }>(
        `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
          WHERE i.inhparent = 'workflow_history'::regclass ORDER BY 1`,
      )
    ).rows.map((row) => row.name);

  it("rejects bad options with exit 2 before touching the table", async () => {
    const bad = await runCli(["history", "partition", "--interval", "year"], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('error: --interval expects day, week or month, got "year"');
    expect((await runCli(["history", "partitions", "--drop-before", "soon"], env)).code).toBe(2);
    expect(await relkind()).toBe("r");
  });

  it("partitions the table by month, keeps every row, then creates and detaches partitions", async () => {
    const rowsBefore = (await pool.query(`SELECT uuid, seq FROM workflow_history ORDER BY seq`)).rows;
    const done = await runCli(["history", "partition", "--interval", "month", "--premake", "1"], env);
    expect(done.code).toBe(0);
    expect(done.stdout).toBe("workflow_history is partitioned by month (1 partition(s) ahead).\n");
    expect(await relkind()).toBe("p");
    expect((await pool.query(`SELECT uuid, seq FROM workflow_history ORDER BY seq`)).rows).toEqual(
      rowsBefore,
    );
    const first = await partitions();
    expect(first).toContain("workflow_history_default");

    const more = JSON.parse(
      (await runCli(["history", "partitions", "--premake", "4", "--json"], env)).stdout,
    ) as {
      created: string[];
      detached: string[];
      dropped: string[];
    };
    expect(more.created).toHaveLength(3);
    expect(more.detached).toEqual([]);
    expect(await partitions()).toEqual([...first, ...more.created].sort());

    // Detaching every dated partition keeps the instance's newest row (moved to the default partition).
    const archived = await runCli(
      ["history", "partitions", "--drop-before", "2999-01-01", "--detach-only"],
      env,
    );
    expect(archived.code).toBe(0);
    expect(archived.stdout).toMatch(
      /^(detached workflow_history_p\d{4}_\d{2}\n)+0 created, \d+ detached, 0 dropped\.\n$/,
    );
    expect(await partitions()).toEqual(["workflow_history_default"]);
    const history = JSON.parse((await runCli(["history", order, "--json"], env)).stdout) as {
      eventName: string;
    }[];
    expect(history.map((row) => row.eventName)).toEqual(["Pay"]);
  });
});
