import { createTestDatabase, type TestDatabase } from "@duraflows/test-support";
import { fileURLToPath } from "node:url";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";
import { fixtureRuntime } from "./support.js";

const V2 = fileURLToPath(new URL("./fixtures/workflows-v2.mjs", import.meta.url));
const COMMANDS = fileURLToPath(new URL("./fixtures/commands.mjs", import.meta.url));

describe("duraflows migrate-instances", () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let env: Record<string, string>;
  let fresh: string[];
  let paid: string;

  const versions = async () =>
    (
      await pool.query<{ uuid: string; current_state: string; definition_version: number }>(
        `SELECT uuid, current_state, definition_version FROM workflow_instances ORDER BY uuid`,
      )
    ).rows.map((row) => `${row.uuid} ${row.current_state} v${row.definition_version}`);

  beforeAll(async () => {
    db = await createTestDatabase("cli-migrate-instances");
    env = { DATABASE_URL: db.url };
    expect((await runCli(["migrate", "up"], env)).code).toBe(0);
    pool = db.createPool();
    const runtime = fixtureRuntime(pool);
    fresh = [];
    for (let i = 0; i < 2; i++)
      fresh.push((await runtime.createInstance({ workflowName: "cli-order" })).uuid);
    paid = (await runtime.createInstance({ workflowName: "cli-order" })).uuid;
    await runtime.triggerEvent({ workflowInstanceUuid: paid, eventName: "Pay" });
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  const base = ["migrate-instances", "cli-order", "--from", "1", "--to", "2", "--definitions", V2];

  it("rejects bad arguments with exit code 2 and writes nothing", async () => {
    const before = await versions();
    for (const args of [
      ["migrate-instances", "cli-order", "--from", "1", "--to", "1", "--definitions", V2],
      ["migrate-instances", "cli-order", "--from", "1", "--to", "2"],
      ["migrate-instances", "cli-order", "--from", "one", "--to", "2", "--definitions", V2],
      [...base, "--map", "paid"],
    ]) {
      const run = await runCli(args, env);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr).toMatch(/^error: /);
    }
    const unknown = await runCli(
      ["migrate-instances", "cli-order", "--from", "1", "--to", "9", "--definitions", V2],
      env,
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).not.toContain("    at ");
    expect(await versions()).toEqual(before);
  });

  it("--dry-run reports per batch and in total, and writes nothing", async () => {
    const before = await versions();
    const human = await runCli([...base, "--commands", COMMANDS, "--batch", "2", "--dry-run"], env);
    expect(human.code).toBe(0);
    const lines = human.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^batch 1: \d would migrate, \d skipped, 0 failed$/);
    expect(lines[1]).toMatch(/^batch 2: \d would migrate, \d skipped, 0 failed$/);
    expect(human.stdout).toContain(`${paid}  state paid has no mapping and does not exist in version 2`);
    expect(lines.at(-1)).toBe(
      "Dry run: would migrate 2 instance(s) of cli-order from version 1 to 2 in 2 batch(es): 1 skipped, 0 failed.",
    );
    const json = await runCli([...base, "--commands", COMMANDS, "--dry-run", "--json"], env);
    expect(json.code).toBe(0);
    const result = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(result).toEqual({
      dryRun: true,
      batches: 1,
      migrated: expect.arrayContaining(fresh.map((uuid) => ({ uuid, fromState: "new", toState: "new" }))),
      skipped: [{ uuid: paid, reason: "state paid has no mapping and does not exist in version 2" }],
      failed: [],
      warnings: [],
    });
    expect(await versions()).toEqual(before);
  });

  it("moves every instance with --map and records a $migrated history row", async () => {
    const run = await runCli([...base, "--commands", COMMANDS, "--map", "paid=charged", "--batch", "2"], env);
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split("\n")).toEqual([
      expect.stringMatching(/^batch 1: 2 migrated, 0 skipped, 0 failed$/),
      expect.stringMatching(/^batch 2: 1 migrated, 0 skipped, 0 failed$/),
      "Migrated 3 instance(s) of cli-order from version 1 to 2 in 2 batch(es): 0 skipped, 0 failed.",
    ]);
    const rows = await versions();
    expect(rows).toHaveLength(3);
    expect(rows).toContain(`${paid} charged v2`);
    for (const uuid of fresh) expect(rows).toContain(`${uuid} new v2`);
    const history = await pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM workflow_history WHERE event_name = '$migrated'`,
    );
    expect(Number(history.rows[0]!.n)).toBe(3);
    const again = await runCli([...base, "--json"], env);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ batches: 1, migrated: [], skipped: [] });
  });
});
