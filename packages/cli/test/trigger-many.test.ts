import { createTestDatabase, type TestDatabase } from "@duraflows/test-support";
import type { WorkflowRuntime } from "@duraflows/core";
import { fileURLToPath } from "node:url";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";
import { fixtureRuntime } from "./support.js";

const WORKFLOWS = fileURLToPath(new URL("./fixtures/workflows.mjs", import.meta.url));
const COMMANDS = fileURLToPath(new URL("./fixtures/commands.mjs", import.meta.url));

describe("trigger-many", () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let runtime: WorkflowRuntime;
  let env: Record<string, string>;
  const eu: string[] = [];
  const us: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase("cli-trigger-many");
    env = { DATABASE_URL: db.url };
    expect((await runCli(["migrate", "up"], env)).code).toBe(0);
    pool = db.createPool();
    runtime = fixtureRuntime(pool);
    for (let i = 0; i < 3; i++) {
      eu.push((await runtime.createInstance({ workflowName: "cli-order", context: { region: "eu" } })).uuid);
      us.push((await runtime.createInstance({ workflowName: "cli-order", context: { region: "us" } })).uuid);
    }
  });
  afterAll(async () => {
    await db.drop();
  });

  const states = async (uuids: string[]) =>
    Promise.all(uuids.map(async (uuid) => (await runtime.getInstance(uuid))!.currentState));

  it("moves the matching instances set-based and prints what it did", async () => {
    const run = await runCli(
      [
        "trigger-many",
        "cli-order",
        "new",
        "Expire",
        "--limit",
        "10",
        "--definitions",
        WORKFLOWS,
        "--commands",
        COMMANDS,
        "--where-context",
        '{"region":"eu"}',
        "--batch-size",
        "2",
      ],
      env,
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("done: 3 of 3 moved (bulk, 2 batches), 0 failed");
    expect(await states(eu)).toEqual(["cancelled", "cancelled", "cancelled"]);
    expect(await states(us)).toEqual(["new", "new", "new"]);
    const history = await runtime.getHistory(eu[0]!, { limit: 1 });
    expect(history[0]).toMatchObject({ eventName: "Expire", triggerMetadata: { source: "cli" } });
  });

  it("runs an event with commands once per instance and prints JSON", async () => {
    const run = await runCli(
      [
        "trigger-many",
        "cli-order",
        "new",
        "Pay",
        "--limit",
        "2",
        "--definitions",
        WORKFLOWS,
        "--commands",
        COMMANDS,
        "--json",
      ],
      env,
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      mode: "per-instance",
      matched: 2,
      transitioned: 2,
      failed: 0,
      errors: [],
      batches: 0,
    });
    expect((await states(us)).sort()).toEqual(["new", "paid", "paid"]);
  });

  it("refuses a missing --limit or a malformed filter with a usage error", async () => {
    const noLimit = await runCli(
      ["trigger-many", "cli-order", "new", "Expire", "--definitions", WORKFLOWS],
      env,
    );
    expect(noLimit.code).toBe(2);
    expect(noLimit.stderr).toContain("--limit");
    const badJson = await runCli(
      [
        "trigger-many",
        "cli-order",
        "new",
        "Expire",
        "--limit",
        "1",
        "--definitions",
        WORKFLOWS,
        "--where-context",
        "[1]",
      ],
      env,
    );
    expect(badJson.code).toBe(2);
    expect(badJson.stderr).toContain("--where-context must be a JSON object");
  });
});
