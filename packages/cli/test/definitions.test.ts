import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execFile } from "node:child_process";
import { describe, expect, it } from "vitest";
import { BIN, runCli } from "./run-cli.js";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

describe("duraflows validate / diagram", () => {
  it("validate lists every error of every definition and exits 1 (ESM, CommonJS and JSON inputs)", async () => {
    const run = await runCli([
      "validate",
      fixture("workflows.mjs"),
      fixture("broken.cjs"),
      fixture("order.json"),
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("✓ cli-order");
    expect(run.stdout).toContain("✗ cli-broken");
    expect(run.stdout).toContain('  error   initialState: Initial state "nowhere" does not exist in states');
    expect(run.stdout).toContain(
      '  error   states.a.events.Go.targetState: Target state "missing" does not exist in states',
    );
    expect(run.stdout).toContain("✓ cli-json");
    expect(run.stdout.trimEnd().split("\n").at(-1)).toBe("1 of 3 definition(s) invalid, 2 error(s).");
  });

  it("validate --json has a stable shape; valid files exit 0; --commands checks names", async () => {
    const ok = await runCli(["validate", fixture("workflows.mjs"), "--json"]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({
      valid: true,
      workflows: [
        { workflow: "cli-order", source: fixture("workflows.mjs"), valid: true, errors: [], warnings: [] },
      ],
    });
    const withHandlers = await runCli([
      "validate",
      fixture("workflows.mjs"),
      "--commands",
      fixture("commands.mjs"),
    ]);
    expect(withHandlers.code).toBe(0);
    const missing = await runCli([
      "validate",
      fixture("workflows.mjs"),
      "--commands",
      fixture("order.json"),
      "--json",
    ]);
    expect(missing.code).toBe(1);
    const errors = (JSON.parse(missing.stdout) as { workflows: { errors: { message: string }[] }[] })
      .workflows[0]!.errors;
    expect(errors.map((error) => error.message).join("\n")).toContain("charge");
  });

  it("validate reports a missing file or a file without definitions with exit 1", async () => {
    const missing = await runCli(["validate", "nope.js"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("error: Module not found: nope.js");
    const empty = await runCli(["validate", fixture("commands.mjs")]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain("error: No workflow definition found in");
    expect((await runCli(["validate"])).code).toBe(2);
  });

  it("diagram prints Mermaid, honours --direction and --out, and rejects a bad direction", async () => {
    const run = await runCli(["diagram", fixture("workflows.mjs"), "--direction", "LR", "--show-commands"]);
    expect(run.code).toBe(0);
    expect(run.stdout.startsWith("flowchart LR\n")).toBe(true);
    expect(run.stdout).toContain("charge");
    const dir = mkdtempSync(join(tmpdir(), "duraflows-cli-"));
    const out = join(dir, "order.mmd");
    const written = await runCli(["diagram", fixture("order.json"), "--out", out, "--json"]);
    expect(written.code).toBe(0);
    const parsed = JSON.parse(written.stdout) as { workflow: string; mermaid: string; out: string };
    expect(parsed).toMatchObject({ workflow: "cli-json", out });
    expect(readFileSync(out, "utf8")).toBe(parsed.mermaid + (parsed.mermaid.endsWith("\n") ? "" : "\n"));
    const bad = await runCli(["diagram", fixture("order.json"), "--direction", "RL"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('error: --direction must be TB or LR, got "RL"');
  });

  it("loads a .ts module through the user's loader, and says how without one", async () => {
    const without = await runCli(["validate", fixture("typed-workflow.ts")]);
    expect(without).toEqual({
      code: 1,
      stdout: "",
      stderr:
        `error: Cannot load ${fixture("typed-workflow.ts")}\n` +
        "hint: TypeScript modules need your loader: NODE_OPTIONS='--import tsx' duraflows … (or build to .js first).\n",
    });
    const withTsx = await runCli(["validate", fixture("typed-workflow.ts")], {
      NODE_OPTIONS: "--import tsx",
    });
    expect(withTsx.code).toBe(0);
    expect(withTsx.stdout).toContain("✓ cli-typed");
  });

  it("top-level help, unknown commands and help <command>", async () => {
    const help = await runCli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: duraflows <command> [options]");
    expect((await runCli([])).code).toBe(2);
    const unknown = await runCli(["frobnicate"]);
    expect(unknown).toMatchObject({
      code: 2,
      stderr: 'error: unknown command "frobnicate"\nhint: Run `duraflows --help` for the commands.\n',
    });
    const topic = await runCli(["help", "diagram"]);
    expect(topic.stdout).toContain("Usage:\n  duraflows diagram <module|json>");
  });

  it("colours on a terminal only, and never with NO_COLOR", async () => {
    // `script` gives the CLI a pseudo-terminal, as an operator's shell would.
    const onTerminal = (extraEnv: Record<string, string>) =>
      new Promise<string>((resolve, reject) => {
        execFile(
          "script",
          ["-qec", `"${process.execPath}" "${BIN}" validate "${fixture("workflows.mjs")}"`, "/dev/null"],
          { env: { PATH: process.env.PATH ?? "", TERM: "xterm", ...extraEnv } },
          (error, stdout) => (error ? reject(error) : resolve(stdout)),
        );
      });
    expect(await onTerminal({})).toContain("\u001b[32m✓\u001b[39m");
    expect(await onTerminal({ NO_COLOR: "1" })).not.toContain("\u001b[");
    expect((await runCli(["validate", fixture("workflows.mjs")])).stdout).not.toContain("\u001b[");
  });
});
