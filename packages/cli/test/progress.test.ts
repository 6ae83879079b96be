import { createTestDatabase, type TestDatabase } from "@duraflows/test-support";
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, runCli } from "./run-cli.js";
import { fixtureRuntime } from "./support.js";

const WORKFLOWS = fileURLToPath(new URL("./fixtures/workflows.mjs", import.meta.url));
const COMMANDS = fileURLToPath(new URL("./fixtures/commands.mjs", import.meta.url));
const V2 = fileURLToPath(new URL("./fixtures/workflows-v2.mjs", import.meta.url));
const REDRAW = "\r\u001b[2K[";

describe("progress bars on a terminal, plain lines elsewhere", () => {
  let db: TestDatabase;
  let pool: pg.Pool | undefined;
  let env: Record<string, string>;

  // `script` gives the CLI a pseudo-terminal, as an operator's shell would.
  const onTerminal = (args: string[]) =>
    new Promise<string>((resolve, reject) => {
      const line = [process.execPath, BIN, ...args].map((arg) => `"${arg}"`).join(" ");
      execFile(
        "script",
        ["-qec", line, "/dev/null"],
        { env: { PATH: process.env.PATH ?? "", TERM: "xterm", ...env } },
        (error, stdout) => (error ? reject(error) : resolve(stdout)),
      );
    });

  beforeAll(async () => {
    db = await createTestDatabase("cli-progress");
    env = { DATABASE_URL: db.url };
  });
  afterAll(async () => {
    await pool?.end();
    await db.drop();
  });

  it("migrate up draws one bar that ends full on a terminal", async () => {
    const output = await onTerminal(["migrate", "up"]);
    expect(output).toContain(REDRAW);
    expect(output).toMatch(/\[█{24}\] (\d+)\/\1 done 0\d\d_/);
    expect(output).not.toMatch(/\[\d+\/\d+\] applying/);
    expect(output).toMatch(/Schema at version \d+: \d+ applied, 0 adopted\./);
  });

  it("sweep and migrate-instances draw a bar on a terminal and print plain lines elsewhere", async () => {
    pool = db.createPool();
    const runtime = fixtureRuntime(pool);
    for (let i = 0; i < 3; i++) await runtime.createInstance({ workflowName: "cli-order" });
    await pool.query(`UPDATE workflow_instances SET expires_at = now() - interval '1 minute'`);
    const sweep = await onTerminal([
      "sweep",
      "--definitions",
      WORKFLOWS,
      "--commands",
      COMMANDS,
      "--batch",
      "2",
    ]);
    expect(sweep).toContain(`${REDRAW}█`);
    expect(sweep).toMatch(/\[█{24}\] 3\/3 batch 2/);
    expect(sweep).not.toContain("batch 1: ");
    expect(sweep).toContain("Swept 3 timeout(s) in 2 batch(es)");

    const base = ["migrate-instances", "cli-order", "--from", "1", "--to", "2", "--definitions", V2];
    const terminal = await onTerminal([...base, "--batch", "2", "--dry-run"]);
    expect(terminal).toMatch(/\[█{24}\] 3\/3 batch 2/);
    expect(terminal).not.toContain("batch 1: ");
    const plain = await runCli([...base, "--batch", "2", "--dry-run"], env);
    expect(plain.stdout).not.toContain("\u001b[");
    expect(plain.stdout).toContain("batch 1: 2 would migrate, 0 skipped, 0 failed");
  });
});
