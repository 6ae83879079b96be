// Fills the output blocks of docs/cli.md with what the built `duraflows` prints: every command is run as a
// real process against a fresh PostgreSQL database, with the CLI test fixtures (workflows.mjs, commands.mjs,
// workflows-v2.mjs, broken.cjs) copied into a scratch folder that is the working directory of every run.
//
// In docs/cli.md, a line `<!-- output: NAME -->` followed by a ```text block marks a block this script owns;
// the sessions below say which commands fill it. Run it after changing what a command prints:
//
//   pnpm build && pnpm docs:cli
//
// Env: CLI_DOCS_ADMIN_URL (default: DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres).
import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import pg from "pg";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(root, "packages", "cli", "dist", "bin.js");
const docPath = join(root, "docs", "cli.md");
const adminUrl =
  process.env["CLI_DOCS_ADMIN_URL"] ??
  process.env["DATABASE_URL"] ??
  "postgres://postgres@127.0.0.1:5432/postgres";

const core = await import(pathToFileURL(join(root, "packages", "core", "dist", "index.js")).href);
const pgAdapter = await import(pathToFileURL(join(root, "packages", "pg", "dist", "index.js")).href);

const work = mkdtempSync(join(tmpdir(), "duraflows-cli-docs-"));
for (const file of ["workflows.mjs", "commands.mjs", "workflows-v2.mjs", "broken.cjs"])
  cpSync(join(root, "packages", "cli", "test", "fixtures", file), join(work, file));
const fixtures = {
  ...(await import(pathToFileURL(join(work, "workflows.mjs")).href)),
  ...(await import(pathToFileURL(join(work, "commands.mjs")).href)),
};

const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
const databases = [];
async function createDatabase(label) {
  const name = `duraflows_cli_docs_${process.pid}_${label}`;
  await admin.query(`CREATE DATABASE ${name}`);
  databases.push(name);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

const env = { PATH: process.env.PATH ?? "", NO_COLOR: "1" };

/** Runs `duraflows <args>`; returns the transcript (`$ duraflows …`, then what it printed, in order). */
function run(args, extraEnv = {}, { keep } = {}) {
  // Through `sh … 2>&1`, so standard output and error arrive interleaved as on a terminal.
  const result = spawnSync("sh", ["-c", 'exec "$0" "$@" 2>&1', process.execPath, bin, ...args], {
    cwd: work,
    env: { ...env, ...extraEnv },
    encoding: "utf8",
  });
  let text = result.stdout.trimEnd();
  if (keep !== undefined) {
    const lines = text.split("\n");
    if (lines.length > keep) text = [...lines.slice(0, keep), "…"].join("\n");
  }
  const shown = args.map((arg) => (/[\s"{}]/.test(arg) ? `'${arg}'` : arg)).join(" ");
  return `$ duraflows ${shown}${text ? `\n${text}` : ""}`;
}

/** Starts `duraflows worker …`, stops it with SIGTERM once `ready(output)` holds; returns the transcript. */
function runWorker(args, extraEnv, ready) {
  return new Promise((resolve, reject) => {
    // `exec` makes the CLI the process that gets the signal; `2>&1` keeps the order of its lines.
    const child = spawn("sh", ["-c", 'exec "$0" "$@" 2>&1', process.execPath, bin, ...args], {
      cwd: work,
      env: { ...env, ...extraEnv },
      stdio: ["ignore", "pipe", "ignore"],
    });
    let text = "";
    let signalled = false;
    const onData = (chunk) => {
      text += chunk.toString();
      if (!signalled && ready(text)) {
        signalled = true;
        child.kill("SIGTERM");
      }
    };
    child.stdout.on("data", onData);
    const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`worker exited ${code}:\n${text}`));
      else resolve(`$ duraflows ${args.join(" ")}\n${text.trimEnd()}`);
    });
  });
}

const outputs = new Map();
const capture = (name, ...transcripts) => outputs.set(name, transcripts.join("\n"));

try {
  capture("help", run(["--help"]));
  capture("help-command", run(["help", "timeouts"]));

  // Conventions: errors.
  const url = await createDatabase("main");
  const db = { DATABASE_URL: url };
  capture(
    "errors",
    run(["migrate", "status", "--database-url", "postgres://app:secret@127.0.0.1:1/app"]),
    run(["migrate", "down", "--to", "99", "--json"], db),
    run(["migrate", "down"], db),
  );

  // Schema.
  capture(
    "migrate-up",
    run(["migrate", "up"], db),
    run(["migrate", "status"], db),
    run(["migrate", "up", "--json"], db),
  );
  capture("migrate-down", run(["migrate", "down", "--to", "7"], db), run(["migrate", "up"], db));
  capture("migrate-sql", run(["migrate", "sql", "--from", "9"], {}, { keep: 12 }));
  const adoptUrl = await createDatabase("adopt");
  const adoptPool = new pg.Pool({ connectionString: adoptUrl });
  await adoptPool.query(pgAdapter.generateMigrationSql({ includeIdempotency: true }).up);
  await adoptPool.end();
  capture(
    "migrate-adopt",
    run(["migrate", "status"], { DATABASE_URL: adoptUrl }),
    run(["migrate", "up"], { DATABASE_URL: adoptUrl }),
  );

  // Definitions.
  capture(
    "definitions",
    run(["validate", "workflows.mjs", "broken.cjs"]),
    run(["validate", "workflows.mjs", "--json"], {}, { keep: 12 }),
    run(["diagram", "workflows.mjs", "--direction", "LR"], {}, { keep: 7 }),
  );

  // Instances, set up by an application runtime on the same database.
  const pool = new pg.Pool({ connectionString: url });
  const definitionRegistry = new core.InMemoryDefinitionRegistry();
  definitionRegistry.register(fixtures.order);
  const commandRegistry = new core.InMemoryCommandRegistry();
  for (const [name, command] of Object.entries(fixtures.commands)) commandRegistry.register(name, command);
  const guardRegistry = new core.InMemoryGuardRegistry();
  for (const guard of fixtures.guards) guardRegistry.register(guard.name, guard);
  const runtime = new core.WorkflowRuntime({
    ...pgAdapter.pgWorkflowProviders(pool, { idempotency: true, durableExecution: true }),
    definitionRegistry,
    commandRegistry,
    guardRegistry,
    clock: { now: () => new Date() },
  });
  const paid = (await runtime.createInstance({ workflowName: "cli-order", metadata: { tenant: "acme" } }))
    .uuid;
  await runtime.triggerEvent({ workflowInstanceUuid: paid, eventName: "Pay" });
  const queued = (await runtime.createInstance({ workflowName: "cli-order", metadata: { tenant: "globex" } }))
    .uuid;
  await runtime.enqueueEvent({ workflowInstanceUuid: queued, eventName: "Pay", idempotencyKey: "pay-1" });
  const late = (await runtime.createInstance({ workflowName: "cli-order" })).uuid;
  await pool.query(
    `UPDATE workflow_instances SET expires_at = now() - interval '5 minutes' WHERE uuid = $1`,
    [late],
  );

  const defs = ["--definitions", "workflows.mjs", "--commands", "commands.mjs"];
  capture(
    "instances",
    run(["instances", "list", "--workflow", "cli-order"], db),
    run(["instance", "show", paid, "--definitions", "workflows.mjs"], db),
    run(["trigger", paid, "Ship", ...defs], db),
    run(["history", paid], db),
    run(["trigger", paid, "Pay", ...defs], db),
  );
  capture("instance-json", run(["instance", "show", queued, "--json"], db));

  // Operations.
  capture(
    "operations",
    run(["executions", "list"], db),
    run(["timeouts", "due"], db),
    run(["sweep", ...defs], db),
    run(["timeouts", "parked"], db),
  );

  // Worker: runs the queued execution in its first pass.
  const afterPasses = (count) => (text) =>
    text.split("\n").filter((line) => / timeouts \d+ processed/.test(line)).length >= count;
  capture(
    "worker",
    await runWorker(["worker", ...defs, "--interval", "1000"], db, afterPasses(2)),
    await runWorker(["worker", ...defs, "--json"], db, (text) => text.includes('"errors"')),
  );

  // Retention, on rows made 100 days old, after a few more orders have shipped.
  for (let i = 0; i < 3; i++) {
    const { uuid } = await runtime.createInstance({ workflowName: "cli-order" });
    await runtime.triggerEvent({ workflowInstanceUuid: uuid, eventName: "Pay" });
    await runtime.triggerEvent({ workflowInstanceUuid: uuid, eventName: "Ship" });
  }
  await pool.query(`UPDATE workflow_history SET created_at = created_at - interval '100 days'`);
  await pool.query(
    `UPDATE workflow_instances SET last_transition_at = last_transition_at - interval '100 days'`,
  );
  capture(
    "retention",
    run(["history", "prune", "--before", "90d", "--dry-run"], db),
    run(["history", "prune", "--before", "90d", "--batch", "2"], db),
    run(["history", "prune", "--keep-last", "1", "--json"], db),
    run(
      ["instances", "purge", "--before", "30d", "--definitions", "workflows.mjs", "--dry-run", "--json"],
      db,
    ),
    run(["instances", "purge", "--before", "30d", "--definitions", "workflows.mjs", "--batch", "2"], db),
  );

  // Moving instances to version 2.
  for (let i = 0; i < 3; i++) await runtime.createInstance({ workflowName: "cli-order" });
  const another = (await runtime.createInstance({ workflowName: "cli-order" })).uuid;
  await runtime.triggerEvent({ workflowInstanceUuid: another, eventName: "Pay" });
  const move = [
    "migrate-instances",
    "cli-order",
    "--from",
    "1",
    "--to",
    "2",
    "--definitions",
    "workflows-v2.mjs",
  ];
  capture(
    "migrate-instances",
    run([...move, "--batch", "2", "--dry-run"], db),
    run([...move, "--map", "paid=charged", "--batch", "2"], db),
    run(["versions", "cli-order"], db),
  );

  // Partitioning the history table, then one maintenance pass.
  capture(
    "partitions",
    run(["history", "partition", "--interval", "month", "--premake", "1"], db),
    run(["history", "partitions", "--premake", "3"], db),
  );
  await pool.end();

  // Write the blocks.
  let doc = readFileSync(docPath, "utf8");
  const missing = [];
  for (const [name, text] of outputs) {
    // The block runs to the first fence at the start of a line (an empty block has no line before it).
    const marker = new RegExp(`(<!-- output: ${name} -->\\n+\`\`\`text\\n)(?:[\\s\\S]*?\\n)??(\`\`\`)`);
    if (!marker.test(doc)) missing.push(name);
    doc = doc.replace(marker, (_, open, close) => `${open}${text}\n${close}`);
  }
  const unknown = [...doc.matchAll(/<!-- output: ([\w-]+) -->/g)]
    .map((match) => match[1])
    .filter((name) => !outputs.has(name));
  if (missing.length > 0 || unknown.length > 0)
    throw new Error(
      `docs/cli.md markers: missing ${missing.join(", ") || "none"}; unknown ${unknown.join(", ") || "none"}`,
    );
  writeFileSync(docPath, doc);
  // The prose around the blocks follows the repository's formatting (code blocks are left as they are).
  spawnSync("pnpm", ["exec", "prettier", "--write", docPath], { cwd: root, stdio: "inherit" });
  console.log(`docs/cli.md: ${outputs.size} output blocks written from real runs`);
} finally {
  for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
  rmSync(work, { recursive: true, force: true });
}
