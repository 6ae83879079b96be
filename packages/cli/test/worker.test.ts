import { createTestDatabase, type TestDatabase } from "@duraflows/test-support";
import { fileURLToPath } from "node:url";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, startCli } from "./run-cli.js";
import { fixtureRuntime } from "./support.js";

const WORKFLOWS = fileURLToPath(new URL("./fixtures/workflows.mjs", import.meta.url));
const COMMANDS = fileURLToPath(new URL("./fixtures/commands.mjs", import.meta.url));

/** Polls `check` (a database read) until it holds; fails after about 30 s. */
async function eventually(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("condition never held");
}

describe("duraflows worker", () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let env: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase("cli-worker");
    env = { DATABASE_URL: db.url };
    expect((await runCli(["migrate", "up"], env)).code).toBe(0);
    pool = db.createPool();
  });
  afterAll(async () => {
    await db.drop();
  });

  const statuses = async () =>
    (
      await pool.query<{ status: string; lease: string | null; state: string }>(
        `SELECT e.status, e.execution_json ->> 'leaseToken' AS lease, i.current_state AS state
           FROM workflow_executions e JOIN workflow_instances i ON i.uuid = e.workflow_instance_uuid`,
      )
    ).rows;

  it("SIGTERM mid-batch finishes the batch, leaves nothing half done and exits 0; another worker finishes the rest", async () => {
    const runtime = fixtureRuntime(pool);
    for (let i = 0; i < 6; i++) {
      const { uuid } = await runtime.createInstance({ workflowName: "cli-order" });
      await runtime.triggerEvent({ workflowInstanceUuid: uuid, eventName: "Pay" });
      await runtime.enqueueEvent({
        workflowInstanceUuid: uuid,
        eventName: "Ship",
        idempotencyKey: `ship-${i}`,
      });
    }
    const args = [
      "worker",
      "--definitions",
      WORKFLOWS,
      "--commands",
      COMMANDS,
      "--interval",
      "100",
      "--batch",
      "3",
    ];
    const first = startCli([...args, "--json", "--no-timeouts"], { ...env, CLI_TEST_DISPATCH_MS: "400" });
    await eventually(async () => (await statuses()).some((row) => row.status === "running"));
    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    const lines = first.output().trim().split("\n");
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ stopped: true });

    const afterFirst = await statuses();
    for (const row of afterFirst) {
      expect(["pending", "completed"]).toContain(row.status);
      expect(row.lease).toBeNull();
      expect(row.state).toBe(row.status === "completed" ? "shipped" : "paid");
    }
    expect(afterFirst.filter((row) => row.status !== "completed").length).toBeGreaterThan(0);

    const second = startCli(args, env);
    await eventually(async () => (await statuses()).every((row) => row.status === "completed"));
    second.child.kill("SIGINT");
    expect(await second.exited).toBe(0);
    expect(second.output()).toContain("worker started (pid");
    expect(second.output()).toMatch(/executions \d+ processed/);
    expect(second.output()).toContain("SIGINT received: finishing the pass in flight…");
    expect(second.output().trim().split("\n").at(-1)).toBe("worker stopped");
    const { rows } = await pool.query<{ state: string; dispatched: boolean }>(
      `SELECT current_state AS state, (context_json ->> 'dispatched')::boolean AS dispatched FROM workflow_instances`,
    );
    expect(rows).toHaveLength(6);
    for (const row of rows) expect(row).toEqual({ state: "shipped", dispatched: true });
  });

  it("needs --definitions (exit 2) and reports a bad database without a stack (exit 1)", async () => {
    expect((await runCli(["worker"], env)).code).toBe(2);
    const refused = await runCli([
      "worker",
      "--definitions",
      WORKFLOWS,
      "--database-url",
      "postgres://x@127.0.0.1:1/none",
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error: Cannot connect to /);
  });
});
