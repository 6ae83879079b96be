import { createTestDatabase, type TestDatabase } from "@duraflows/test-support";
import { fileURLToPath } from "node:url";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";
import { fixtureRuntime } from "./support.js";

const WORKFLOWS = fileURLToPath(new URL("./fixtures/workflows.mjs", import.meta.url));

describe("history prune and instances purge", () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let env: Record<string, string>;
  let open: string;

  const count = async (sql: string, values: unknown[] = []) =>
    (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, values)).rows[0]!.n;

  beforeAll(async () => {
    db = await createTestDatabase("cli-retention");
    env = { DATABASE_URL: db.url };
    expect((await runCli(["migrate", "up"], env)).code).toBe(0);
    pool = db.createPool();
    const runtime = fixtureRuntime(pool);
    // Five shipped orders (a terminal state) and one still paid, all with history from 100 days ago.
    for (let i = 0; i < 5; i++) {
      const { uuid } = await runtime.createInstance({ workflowName: "cli-order" });
      await runtime.triggerEvent({ workflowInstanceUuid: uuid, eventName: "Pay" });
      await runtime.triggerEvent({ workflowInstanceUuid: uuid, eventName: "Ship" });
    }
    open = (await runtime.createInstance({ workflowName: "cli-order" })).uuid;
    await runtime.triggerEvent({ workflowInstanceUuid: open, eventName: "Pay" });
    await pool.query(`UPDATE workflow_history SET created_at = now() - interval '100 days'`);
    await pool.query(`UPDATE workflow_instances SET last_transition_at = now() - interval '100 days'`);
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  it("rejects missing or bad options with exit 2 and deletes nothing", async () => {
    const before = await count("workflow_history");
    const none = await runCli(["history", "prune"], env);
    expect(none).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "error: history prune needs --before, --keep-last or both\nhint: Run `duraflows help history` for usage.\n",
    });
    const bad = await runCli(["history", "prune", "--before", "last tuesday"], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      "error: --before expects an ISO date (2026-01-31, 2026-01-31T12:00:00Z) or an age",
    );
    expect((await runCli(["history", "prune", "--keep-last", "0"], env)).code).toBe(2);
    expect((await runCli(["instances", "purge", "--before", "30d"], env)).stderr).toContain(
      "error: instances purge needs --definitions FILE",
    );
    expect((await runCli(["instances", "purge", "--definitions", WORKFLOWS], env)).code).toBe(2);
    expect((await runCli(["instances", "frobnicate"], env)).code).toBe(2);
    expect(await count("workflow_history")).toBe(before);
  });

  it("history prune: --dry-run counts, --max-batches stops early, then batch lines and a total", async () => {
    const total = await count("workflow_history");
    const prunable = total - 6; // every instance keeps its newest row
    const dry = await runCli(["history", "prune", "--before", "90d", "--dry-run", "--json"], env);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toEqual({ dryRun: true, rows: prunable, batches: 0 });
    expect(await count("workflow_history")).toBe(total);

    // Rows newer than --before are kept: nothing is 100 days old relative to a date 200 days back.
    const older = await runCli(["history", "prune", "--before", "200d", "--json"], env);
    expect(JSON.parse(older.stdout)).toEqual({ dryRun: false, rows: 0, batches: 0 });

    const capped = await runCli(
      ["history", "prune", "--keep-last", "1", "--batch", "2", "--max-batches", "1"],
      env,
    );
    expect(capped).toMatchObject({
      code: 0,
      stdout: "batch 1: 2 row(s) deleted\nDeleted 2 history row(s) in 1 batch(es).\n",
    });
    expect(await count("workflow_history")).toBe(total - 2);

    const rest = await runCli(["history", "prune", "--before", "2000-01-01T00:00:00Z", "--dry-run"], env);
    expect(rest.stdout).toBe("Dry run: would delete 0 history row(s).\n");

    const run = await runCli(["history", "prune", "--before", "90d", "--batch", "3"], env);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    const batches = Math.ceil((prunable - 2) / 3);
    expect(lines.at(-1)).toBe(`Deleted ${prunable - 2} history row(s) in ${batches} batch(es).`);
    expect(lines.slice(0, -1)).toHaveLength(batches);
    expect(lines[0]).toBe("batch 1: 3 row(s) deleted");
    expect(run.stdout).not.toContain("\u001b[");
    const perInstance = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM workflow_history GROUP BY workflow_instance_uuid`,
    );
    expect(perInstance.rows.map((row) => row.n)).toEqual(Array(6).fill(1));
  });

  it("instances purge: --dry-run counts terminal instances, a run deletes them with their history", async () => {
    const dry = await runCli(
      ["instances", "purge", "--before", "30d", "--definitions", WORKFLOWS, "--dry-run", "--json"],
      env,
    );
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toEqual({ dryRun: true, instances: 5, batches: 0 });
    expect(await count("workflow_instances")).toBe(6);

    const recent = await runCli(
      ["instances", "purge", "--before", "2000-01-01", "--definitions", WORKFLOWS, "--json"],
      env,
    );
    expect(JSON.parse(recent.stdout)).toEqual({ dryRun: false, instances: 0, batches: 0 });

    const run = await runCli(
      [
        "instances",
        "purge",
        "--before",
        "30d",
        "--definitions",
        WORKFLOWS,
        "--workflow",
        "cli-order",
        "--batch",
        "2",
      ],
      env,
    );
    expect(run).toMatchObject({
      code: 0,
      stdout:
        "batch 1: 2 instance(s) deleted\nbatch 2: 2 instance(s) deleted\nbatch 3: 1 instance(s) deleted\n" +
        "Deleted 5 finished instance(s) in 3 batch(es).\n",
    });
    const left = await pool.query<{ uuid: string; current_state: string }>(
      `SELECT uuid, current_state FROM workflow_instances`,
    );
    expect(left.rows).toEqual([{ uuid: open, current_state: "paid" }]);
    expect(await count("workflow_history WHERE workflow_instance_uuid <> $1", [open])).toBe(0);
    expect(await count("workflow_history WHERE workflow_instance_uuid = $1", [open])).toBe(1);
  });

  it("--help of both subcommands shows their options and examples", async () => {
    const prune = await runCli(["history", "prune", "--help"]);
    expect(prune.code).toBe(0);
    expect(prune.stdout).toContain(
      "Examples:\n  duraflows history prune --before 90d --keep-last 20 --dry-run",
    );
    const purge = await runCli(["instances", "purge", "--help"]);
    expect(purge.stdout).toContain(
      "--definitions FILE   module or JSON file exporting the workflow definitions",
    );
    expect((await runCli(["help", "instances"])).stdout).toContain("duraflows instances purge --before");
  });
});
