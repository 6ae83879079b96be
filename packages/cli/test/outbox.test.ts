import { createTestDatabase, type TestDatabase } from "@duraflows/test-support";
import { InMemoryCommandRegistry, InMemoryDefinitionRegistry, WorkflowRuntime } from "@duraflows/core";
import { pgWorkflowProviders } from "@duraflows/pg";
import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { observers } from "./fixtures/commands.mjs";
import { order } from "./fixtures/workflows.mjs";
import { runCli, startCli } from "./run-cli.js";

const WORKFLOWS = fileURLToPath(new URL("./fixtures/workflows.mjs", import.meta.url));
const COMMANDS = fileURLToPath(new URL("./fixtures/commands.mjs", import.meta.url));

function delivered(file: string): { eventId: string; toState: string }[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { eventId: string; toState: string });
}

describe("duraflows outbox and the worker's relay", () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let env: Record<string, string>;
  let runtime: WorkflowRuntime;

  beforeAll(async () => {
    db = await createTestDatabase("cli-outbox");
    env = { DATABASE_URL: db.url };
    expect((await runCli(["migrate", "up"], env)).code).toBe(0);
    pool = db.createPool();
    const definitionRegistry = new InMemoryDefinitionRegistry();
    definitionRegistry.register(order);
    runtime = new WorkflowRuntime({
      ...pgWorkflowProviders(pool, { outbox: true, notify: true }),
      definitionRegistry,
      commandRegistry: new InMemoryCommandRegistry(),
      clock: { now: () => new Date() },
      // The same observer name as the CLI's --commands module: this process writes, the worker delivers.
      observers: [{ ...observers[0]!, onEnter: () => undefined }],
    });
  });
  afterAll(async () => {
    await db.drop();
  });

  it("lists rows, re-delivers a parked one, and a listening worker delivers at once, not at its interval", async () => {
    const created = await runtime.createInstance({ workflowName: order.name });
    const list = await runCli(["outbox", "list", "--json"], env);
    expect(list.code).toBe(0);
    const rows = JSON.parse(list.stdout) as {
      uuid: string;
      status: string;
      observer: string;
      toState: string;
    }[];
    expect(rows).toMatchObject([
      { status: "pending", observer: "audit", workflowInstanceUuid: created.uuid },
    ]);

    await pool.query("UPDATE workflow_outbox SET status = 'parked', attempts = 10, last_error = 'down'");
    const parked = await runCli(["outbox", "list", "--status", "parked"], env);
    expect(parked.stdout).toContain(rows[0]!.uuid);
    expect(parked.stdout).toContain("down");
    expect((await runCli(["outbox", "list", "--status", "pending"], env)).stdout).toContain(
      "No outbox rows found.",
    );

    const redeliver = await runCli(["outbox", "redeliver", rows[0]!.uuid, "--json"], env);
    expect(redeliver.code).toBe(0);
    expect(JSON.parse(redeliver.stdout)).toEqual({ uuid: rows[0]!.uuid, status: "pending", attempts: 0 });

    const file = join(mkdtempSync(join(tmpdir(), "duraflows-outbox-")), "delivered.jsonl");
    const worker = startCli(
      ["worker", "--definitions", WORKFLOWS, "--commands", COMMANDS, "--interval", "60000", "--no-timeouts"],
      { ...env, CLI_TEST_OUTBOX_FILE: file },
    );
    // The first pass runs at start: the re-delivered row goes out.
    await expect.poll(() => delivered(file).length, { timeout: 20_000 }).toBe(1);
    expect(delivered(file)[0]).toEqual({ eventId: rows[0]!.uuid, toState: rows[0]!.toState });
    // A new row is delivered long before the 60 s interval: the NOTIFY of its transaction woke the worker.
    await expect.poll(() => worker.output(), { timeout: 10_000 }).toContain("listening");
    await new Promise((resolve) => setTimeout(resolve, 500));
    const started = Date.now();
    await runtime.createInstance({ workflowName: order.name });
    await expect.poll(() => delivered(file).length, { timeout: 20_000 }).toBe(2);
    expect(Date.now() - started).toBeLessThan(15_000);
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
    expect(worker.output()).toMatch(/outbox 1 delivered/);
  });

  it("refuses an unknown row and a bad status", async () => {
    const missing = await runCli(["outbox", "redeliver", "00000000-0000-4000-8000-000000000000"], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Outbox record "00000000-0000-4000-8000-000000000000" not found');
    expect((await runCli(["outbox", "list", "--status", "lost"], env)).code).toBe(2);
  });
});
