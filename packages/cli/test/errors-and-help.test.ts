import { createTestDatabase, type TestDatabase } from "@duraflows/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

/** The command names of `duraflows --help`. */
async function commandNames(): Promise<string[]> {
  const help = await runCli(["--help"]);
  const section = help.stdout.split("Commands:\n")[1]!.split("\n\n")[0]!;
  return section.split("\n").map((line) => line.trim().split(/\s+/)[0]!);
}

describe("help on every command, and errors without a stack trace", () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase("cli-errors");
  });
  afterAll(async () => {
    await db.drop();
  });

  it("every command and subcommand prints usage, options and examples with --help and exits 0", async () => {
    const names = await commandNames();
    expect(names).toContain("migrate");
    expect(names).toContain("worker");
    const topics = [...names.map((name) => [name]), ["history", "prune"], ["instances", "purge"]];
    const runs = await Promise.all(topics.map((topic) => runCli([...topic, "--help"])));
    for (const [i, run] of runs.entries()) {
      const topic = topics[i]!.join(" ");
      expect(run.code, topic).toBe(0);
      expect(run.stderr, topic).toBe("");
      expect(run.stdout, topic).toMatch(/^Usage:\n {2}duraflows /);
      expect(run.stdout, topic).toContain("\nOptions:\n");
      expect(run.stdout, topic).toMatch(
        new RegExp(`\\nExamples:\\n {2}(\\S+=\\S+ )?duraflows ${topics[i]![0]} `),
      );
      expect(run.stdout, topic).not.toContain("\u001b[");
    }
    for (const name of names) expect((await runCli(["help", name])).stdout).toMatch(/^Usage:\n/);
  });

  it("a database without the duraflows tables gets a message and a hint, exit 1, no stack trace", async () => {
    const env = { DATABASE_URL: db.url };
    const list = await runCli(["instances", "list"], env);
    expect(list).toEqual({
      code: 1,
      stdout: "",
      stderr:
        'error: relation "workflow_instances" does not exist (42P01)\n' +
        "hint: The duraflows tables are missing or out of date: run `duraflows migrate up` (see `duraflows migrate status`).\n",
    });
    const prune = await runCli(["history", "prune", "--keep-last", "2", "--json"], env);
    expect(prune.code).toBe(1);
    expect(JSON.parse(prune.stderr)).toEqual({
      error: {
        kind: "database",
        message: 'relation "workflow_history" does not exist (42P01)',
        hint: "The duraflows tables are missing or out of date: run `duraflows migrate up` (see `duraflows migrate status`).",
      },
    });
  });
});
