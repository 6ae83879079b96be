import { createTestDatabase, type TestDatabase } from "@duraflows/test-support";
import type { WorkflowRuntime } from "@duraflows/core";
import { fileURLToPath } from "node:url";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";
import { fixtureRuntime } from "./support.js";

const WORKFLOWS = fileURLToPath(new URL("./fixtures/workflows.mjs", import.meta.url));
const COMMANDS = fileURLToPath(new URL("./fixtures/commands.mjs", import.meta.url));

describe("instances, history, trigger, executions, timeouts and sweep", () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let runtime: WorkflowRuntime;
  let env: Record<string, string>;
  let paid: string;
  let fresh: string;

  beforeAll(async () => {
    db = await createTestDatabase("cli-instances");
    env = { DATABASE_URL: db.url };
    expect((await runCli(["migrate", "up"], env)).code).toBe(0);
    pool = db.createPool();
    runtime = fixtureRuntime(pool);
    paid = (await runtime.createInstance({ workflowName: "cli-order", metadata: { tenant: "acme" } })).uuid;
    await runtime.triggerEvent({ workflowInstanceUuid: paid, eventName: "Pay" });
    fresh = (await runtime.createInstance({ workflowName: "cli-order", metadata: { tenant: "globex" } }))
      .uuid;
  });
  afterAll(async () => {
    await db.drop();
  });

  it("instances list filters by workflow, state and metadata", async () => {
    const all = await runCli(["instances", "list", "--workflow", "cli-order", "--json"], env);
    expect(all.code).toBe(0);
    expect((JSON.parse(all.stdout) as { uuid: string }[]).map((row) => row.uuid).sort()).toEqual(
      [paid, fresh].sort(),
    );
    const byState = JSON.parse(
      (await runCli(["instances", "list", "--state", "paid", "--json"], env)).stdout,
    ) as unknown[];
    expect(byState).toEqual([
      expect.objectContaining({
        uuid: paid,
        workflowName: "cli-order",
        currentState: "paid",
        metadata: { tenant: "acme" },
      }),
    ]);
    const byMetadata = await runCli(["instances", "list", "--metadata", "tenant=globex"], env);
    expect(byMetadata.stdout.split("\n")[0]).toMatch(
      /^UUID\s+WORKFLOW\s+STATE\s+VERSION\s+EXPIRES AT\s+UPDATED AT$/,
    );
    expect(byMetadata.stdout).toContain(fresh);
    expect(byMetadata.stdout).not.toContain(paid);
    expect((await runCli(["instances", "list", "--metadata", "oops"], env)).code).toBe(2);
  });

  it("instance show prints state, context and the events of the current state", async () => {
    const human = await runCli(["instance", "show", fresh, "--definitions", WORKFLOWS], env);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(`Instance   ${fresh}`);
    expect(human.stdout).toContain("State      new");
    expect(human.stdout).toContain("  Cancel → cancelled [guard cancellable]");
    const json = JSON.parse(
      (await runCli(["instance", "show", paid, "--definitions", WORKFLOWS, "--json"], env)).stdout,
    ) as {
      currentState: string;
      availableEvents: unknown[];
      activeExecution: unknown;
    };
    expect(json.currentState).toBe("paid");
    expect(json.activeExecution).toBeNull();
    expect(json.availableEvents).toEqual([
      { eventName: "Ship", targetState: "shipped", guard: null, timeout: false },
    ]);
    const missing = await runCli(["instance", "show", "00000000-0000-4000-8000-000000000000"], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(
      'error: Workflow instance "00000000-0000-4000-8000-000000000000" not found',
    );
    expect((await runCli(["instance", "show", "not-a-uuid"], env)).code).toBe(2);
  });

  it("trigger fires an event with the user's handlers; history shows it; a bad event exits 1 with a hint", async () => {
    const shipped = await runCli(
      ["trigger", paid, "Ship", "--definitions", WORKFLOWS, "--commands", COMMANDS, "--json"],
      env,
    );
    expect(shipped.code).toBe(0);
    expect(JSON.parse(shipped.stdout)).toMatchObject({
      outcome: "success",
      fromState: "paid",
      toState: "shipped",
    });
    const history = JSON.parse((await runCli(["history", paid, "--json"], env)).stdout) as {
      eventName: string;
      toState: string;
    }[];
    expect(history.map((row) => `${row.eventName}→${row.toState}`)).toEqual(["Pay→paid", "Ship→shipped"]);
    const table = await runCli(["history", paid, "--limit", "1"], env);
    expect(table.stdout).toMatch(/^AT\s+FROM\s+EVENT\s+TO\s+OUTCOME\n.*paid\s+Ship\s+shipped\s+success\n$/);
    const bad = await runCli(
      ["trigger", paid, "Pay", "--definitions", WORKFLOWS, "--commands", COMMANDS],
      env,
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(
      /^error: .*Pay.*\nhint: List the events the instance accepts with `duraflows instance show <uuid>`\.\n$/,
    );
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it("history prints rows in the order they were written, even when one transaction wrote several", async () => {
    // An event and its onEnter hops share one created_at (the transaction's now()); only seq orders them.
    // The uuids run against the write order, so an order by created_at and uuid would print them backwards.
    const instance = await runtime.createInstance({ workflowName: "cli-order" });
    await pool.query(
      `INSERT INTO workflow_history (uuid, workflow_instance_uuid, from_state, event_name, to_state, outcome,
         trigger_metadata_json, created_at)
       SELECT u::uuid, $1, 'new', e, 'new', 'success', '{}'::jsonb, '2030-01-01T00:00:00Z'
         FROM (VALUES ('ffffffff-ffff-4fff-bfff-ffffffffffff', 'First'),
                      ('88888888-8888-4888-8888-888888888888', 'Second'),
                      ('00000000-0000-4000-8000-000000000001', 'Third')) AS rows(u, e)
        ORDER BY e = 'Third', e = 'Second'`,
      [instance.uuid],
    );
    const printed = JSON.parse((await runCli(["history", instance.uuid, "--json"], env)).stdout) as {
      eventName: string;
    }[];
    expect(printed.map((row) => row.eventName).slice(-3)).toEqual(["First", "Second", "Third"]);
    const last = JSON.parse(
      (await runCli(["history", instance.uuid, "--limit", "2", "--json"], env)).stdout,
    ) as { eventName: string }[];
    expect(last.map((row) => row.eventName)).toEqual(["Second", "Third"]);
  });

  it("executions list and cancel", async () => {
    const instance = await runtime.createInstance({ workflowName: "cli-order" });
    const execution = await runtime.enqueueEvent({
      workflowInstanceUuid: instance.uuid,
      eventName: "Pay",
      idempotencyKey: "k1",
    });
    const listed = JSON.parse(
      (await runCli(["executions", "list", "--status", "pending", "--json"], env)).stdout,
    ) as unknown[];
    expect(listed).toEqual([
      expect.objectContaining({
        uuid: execution.uuid,
        workflowInstanceUuid: instance.uuid,
        eventName: "Pay",
        status: "pending",
        attempts: 0,
      }),
    ]);
    const cancelled = await runCli(["executions", "cancel", execution.uuid, "--json"], env);
    expect(cancelled.code).toBe(0);
    expect(JSON.parse(cancelled.stdout)).toEqual({
      uuid: execution.uuid,
      status: "cancelled",
      workflowInstanceUuid: instance.uuid,
    });
    const retry = await runCli(["executions", "retry", execution.uuid], env);
    expect(retry.code).toBe(1);
    expect(retry.stderr).toContain("error: Only parked executions can be retried");
    expect((await runCli(["executions", "list", "--status", "bogus"], env)).code).toBe(2);
  });

  it("timeouts due, sweep, parked and rearm", async () => {
    const due = await runtime.createInstance({ workflowName: "cli-order" });
    await pool.query(
      "UPDATE workflow_instances SET expires_at = now() - interval '1 minute' WHERE uuid = $1",
      [due.uuid],
    );
    const listed = JSON.parse((await runCli(["timeouts", "due", "--json"], env)).stdout) as {
      uuid: string;
    }[];
    expect(listed.map((row) => row.uuid)).toContain(due.uuid);
    const swept = await runCli(["sweep", "--definitions", WORKFLOWS, "--commands", COMMANDS, "--json"], env);
    expect(swept.code).toBe(0);
    expect(JSON.parse(swept.stdout)).toMatchObject({ processed: 1, failed: 0 });
    expect((await runtime.getInstance(due.uuid))?.currentState).toBe("cancelled");
    expect((await runCli(["timeouts", "due"], env)).stdout).toBe("No timeouts due.\n");

    const parked = await runtime.createInstance({ workflowName: "cli-order" });
    await pool.query(
      `UPDATE workflow_instances SET expires_at = now() - interval '1 hour', timeout_attempts = 10,
         timeout_last_error = 'smtp down', timeout_parked_at = now() WHERE uuid = $1`,
      [parked.uuid],
    );
    const parkedList = JSON.parse((await runCli(["timeouts", "parked", "--json"], env)).stdout) as unknown[];
    expect(parkedList).toEqual([
      expect.objectContaining({ uuid: parked.uuid, attempts: 10, lastError: "smtp down" }),
    ]);
    const rearm = await runCli(["timeouts", "rearm", parked.uuid], env);
    expect(rearm).toMatchObject({
      code: 0,
      stdout: `Re-armed the timeout of ${parked.uuid}; the next sweep fires it.\n`,
    });
    expect((await runCli(["timeouts", "parked"], env)).stdout).toBe("No parked timeouts.\n");
  });

  it("versions lists the stored definition versions with their active instances", async () => {
    const json = await runCli(["versions", "cli-order", "--json"], env);
    expect(json.code).toBe(0);
    const rows = JSON.parse(json.stdout) as {
      version: number;
      activeInstances: number;
      contentHash: string;
    }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ version: 1 });
    expect(rows[0]!.activeInstances).toBeGreaterThan(0);
    const human = await runCli(["versions", "cli-order"], env);
    expect(human.stdout).toMatch(/^VERSION\s+REGISTERED AT\s+ACTIVE INSTANCES\s+CONTENT HASH\n1\s+/);
    expect((await runCli(["versions", "nothing-here"], env)).stdout).toBe(
      'No stored versions of "nothing-here".\n',
    );
    expect((await runCli(["versions"], env)).code).toBe(2);
  });
});
