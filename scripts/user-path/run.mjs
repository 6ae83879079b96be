// The user's path, walked the way a new user walks it: every public package is packed with `pnpm pack`, then
// fresh applications outside the workspace install only those tarballs and registry packages with npm, on this
// machine's Node, and run what the documentation tells users to run:
//
// - an ES module application (TypeScript strict, tsx): every file in docs/snippets/ is type-checked; every
//   snippet that no other snippet imports is run to completion (exit 0, nothing left open, within a time limit),
//   twice, each against its own PostgreSQL database, created and dropped here; `*.test.ts` snippets run under
//   vitest;
//   then every example under examples/ runs its `start` script inside the same application, and the dashboard
//   is started from the tarballs in a node:http server and in a NestJS application (page, app script, API);
// - the Kysely part runs twice: with the Kysely that npm picks for this Node (0.28 on Node 20), and with 0.29;
// - a CommonJS application (TypeScript strict, compiled to require()) loads the packages and runs a workflow
//   in memory, on @duraflows/pg and on @duraflows/kysely;
// - a fresh application installs @duraflows/cli and runs `npx duraflows --help`, `migrate up` and
//   `migrate status --json` against a fresh database.
//
// New snippets and examples are picked up by themselves. Registry packages the applications need are listed in
// `appDependencies` below (versions from the workspace's own pins where it has them).
//
// Usage: node scripts/user-path/run.mjs [--keep] [--only=esm,cjs,cli]
//   (needs built dist/ folders, PostgreSQL and the npm registry; --only runs some of the applications)
// Env: USER_PATH_ADMIN_URL (default: DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres).
import { spawn, spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { checkPackagePage } from "./check-package-page.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const keep = process.argv.includes("--keep");
const onlyArg = process.argv.find((arg) => arg.startsWith("--only="));
/** Whether to walk one of the applications (`esm`, `cjs`, `cli`): all of them unless --only names some. */
const walks = (name) => !onlyArg || onlyArg.slice("--only=".length).split(",").includes(name);
const adminUrl =
  process.env["USER_PATH_ADMIN_URL"] ??
  process.env["DATABASE_URL"] ??
  "postgres://postgres@127.0.0.1:5432/postgres";
// Time limits that catch a hang, not slowness: a script that never exits is stopped and fails.
const snippetTimeoutMs = 120_000;
const exampleTimeoutMs = 300_000;
/** The Kysely release line a Node 22+ user gets by default, pinned to what the workspace tests with. */
const kysely029 = readJson(join(root, "package.json")).devDependencies.kysely;

/** Registry packages of the ES module application, besides the tarballs and what the examples declare. */
const appDependencies = [
  "pg",
  "@electric-sql/pglite",
  "kysely-pglite-dialect",
  "@nestjs/common",
  "@nestjs/core",
  "@nestjs/platform-express",
  "@nestjs/schedule",
  "reflect-metadata",
  "rxjs",
];
const appDevDependencies = ["typescript", "tsx", "@types/node", "@types/pg", "vitest"];

const results = [];
const work = mkdtempSync(join(tmpdir(), "duraflows-user-path-"));
const admin = new pg.Client({ connectionString: adminUrl });

function readJson(path) {
  return JSON.parse(readFileSync(path, "utf8"));
}

/** `name@version` with the workspace's pinned version when it has one, else the registry's latest. */
function pinned(name) {
  const rootPkg = readJson(join(root, "package.json"));
  const version = rootPkg.devDependencies?.[name] ?? exampleDependencies().get(name);
  return version ? `${name}@${version}` : name;
}

let exampleDeps;
/** External dependencies declared by the examples (workspace packages come from the tarballs). */
function exampleDependencies() {
  if (exampleDeps) return exampleDeps;
  exampleDeps = new Map();
  for (const name of exampleNames()) {
    const pkg = readJson(join(root, "examples", name, "package.json"));
    for (const [dep, version] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
      if (!String(version).startsWith("workspace:") && !exampleDeps.has(dep)) exampleDeps.set(dep, version);
    }
  }
  return exampleDeps;
}

function exampleNames() {
  return readdirSync(join(root, "examples"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, "examples", entry.name, "package.json")))
    .map((entry) => entry.name)
    .sort();
}

function sh(command, args, options = {}) {
  const shown = `${command} ${args.join(" ")}`;
  console.log(`$ ${shown}${options.cwd ? `   (in ${options.cwd})` : ""}`);
  const run = spawnSync(command, args, { stdio: "inherit", ...options });
  if (run.status !== 0) throw new Error(`failed (exit ${run.status ?? run.signal}): ${shown}`);
}

/** Runs a command with a hard time limit; resolves with the exit code (or "timeout"). */
function runLimited(command, args, options, timeoutMs = snippetTimeoutMs) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: "inherit", detached: true, ...options });
    const timer = setTimeout(() => {
      console.error(`!! timed out after ${timeoutMs} ms`);
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
      resolve("timeout");
    }, timeoutMs);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? signal);
    });
  });
}

let databaseCount = 0;
/** Creates a database, runs `work` with its URL, drops it. */
async function withDatabase(label, work) {
  databaseCount += 1;
  const name = `duraflows_user_path_${process.pid}_${databaseCount}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    return await work(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

async function step(label, work) {
  const started = Date.now();
  console.log(`\n--- ${label}`);
  let ok = false;
  try {
    const outcome = await work();
    ok = outcome === 0 || outcome === undefined;
    if (!ok) console.error(`!! ${label}: exit ${outcome}`);
  } catch (error) {
    console.error(`!! ${label}: ${error instanceof Error ? error.message : error}`);
  }
  results.push({ label, ok, seconds: ((Date.now() - started) / 1000).toFixed(1) });
  return ok;
}

// ---------------------------------------------------------------------------------------------------------
// Snippets: which file imports which, which touch Kysely.

function localImports(text) {
  return [...text.matchAll(/from\s+["']\.\/([\w.-]+)\.js["']/g)].map((m) => `${m[1]}.ts`);
}

function snippetGraph(dir) {
  const files = readdirSync(dir).filter((name) => name.endsWith(".ts"));
  const texts = new Map(files.map((name) => [name, readFileSync(join(dir, name), "utf8")]));
  const imported = new Set(files.flatMap((name) => localImports(texts.get(name))));
  const touchesKysely = (name, seen = new Set()) => {
    if (seen.has(name) || !texts.has(name)) return false;
    seen.add(name);
    const text = texts.get(name);
    return (
      /from\s+["']kysely(\/[\w/]+)?["']/.test(text) || localImports(text).some((n) => touchesKysely(n, seen))
    );
  };
  return files.map((name) => ({
    name,
    test: name.endsWith(".test.ts"),
    entry: !imported.has(name),
    kysely: touchesKysely(name),
  }));
}

/** Kysely 0.28 exports the migrator from `kysely` itself; the guides say so next to each such import. */
function applyKysely028Imports(dir) {
  const changed = [];
  const walk = (path) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (entry.isDirectory() && entry.name !== "node_modules" && entry.name !== "dist") walk(full);
      else if (/\.(ts|mts|cts)$/.test(entry.name)) {
        const text = readFileSync(full, "utf8");
        const next = text.replace(/from\s+(["'])kysely\/migration\1/g, 'from "kysely"');
        if (next !== text) {
          writeFileSync(full, next);
          changed.push(full.slice(dir.length + 1));
        }
      }
    }
  };
  walk(dir);
  if (changed.length > 0)
    console.log(`Kysely 0.28: Migrator imported from "kysely" (as the guides say) in ${changed.join(", ")}`);
}

// ---------------------------------------------------------------------------------------------------------

function strictTsconfig(extra = {}) {
  return {
    compilerOptions: {
      target: "ES2022",
      lib: ["ES2022"],
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      skipLibCheck: true,
      esModuleInterop: true,
      types: ["node"],
      ...extra,
    },
  };
}

function createApp(dir, { esm }) {
  mkdirSync(dir, { recursive: true });
  sh("npm", ["init", "-y", "--silent"], { cwd: dir, stdio: ["ignore", "ignore", "inherit"] });
  if (esm) sh("npm", ["pkg", "set", "type=module"], { cwd: dir });
}

function npmInstall(dir, specs, dev = false) {
  sh(
    "npm",
    [
      "install",
      "--no-audit",
      "--no-fund",
      "--prefer-offline",
      "--loglevel=error",
      ...(dev ? ["--save-dev"] : []),
      ...specs,
    ],
    {
      cwd: dir,
    },
  );
}

function installedVersion(dir, name) {
  return readJson(join(dir, "node_modules", name, "package.json")).version;
}

async function runSnippets(app, snippets, leg) {
  for (const snippet of snippets) {
    const file = join(app, "snippets", snippet.name);
    await step(`${leg}: snippet ${snippet.name}${snippet.test ? " (vitest)" : ""}`, () =>
      withDatabase(snippet.name, async (databaseUrl) => {
        const env = { ...process.env, DATABASE_URL: databaseUrl };
        delete env["VITEST"];
        if (snippet.test) {
          // A test file runs against a database that already has the workflow tables, as its guide says.
          const client = new pg.Client({ connectionString: databaseUrl });
          await client.connect();
          const { generateMigrationSql } = await import(
            join(app, "node_modules", "@duraflows", "pg", "dist", "index.js")
          );
          await client.query(
            generateMigrationSql({ includeIdempotency: true, includeDurableExecution: true }).up,
          );
          await client.end();
          return runLimited("npx", ["vitest", "run", `snippets/${snippet.name}`], { cwd: app, env });
        }
        // Its own working folder (files it writes stay apart), the application's tsconfig.json as tsx finds it.
        const cwd = join(app, "runs", `${leg}-${basename(snippet.name, ".ts")}`.replace(/[^\w.-]+/g, "-"));
        mkdirSync(cwd, { recursive: true });
        env["TSX_TSCONFIG_PATH"] = join(app, "tsconfig.json");
        // Twice on the same database and folder: users run a script again, and setup code must cope with
        // the tables and files the first run left.
        for (const run of ["first run", "second run"]) {
          console.log(`(${run})`);
          const args = ["--import", "tsx", join(app, "run-entry.mjs"), file];
          const outcome = await runLimited(process.execPath, args, { cwd, env });
          if (outcome !== 0) return outcome;
        }
        return 0;
      }),
    );
  }
}

async function runExamples(app, names, leg) {
  for (const name of names) {
    await step(`${leg}: example ${name}`, () =>
      withDatabase(name, (databaseUrl) => {
        const env = { ...process.env, DATABASE_URL: databaseUrl };
        return runLimited(
          "npm",
          ["run", "start"],
          { cwd: join(app, "examples", name), env },
          exampleTimeoutMs,
        );
      }),
    );
  }
}

function copyExample(app, name) {
  const source = join(root, "examples", name);
  const target = join(app, "examples", name);
  rmSync(target, { recursive: true, force: true });
  cpSync(source, target, {
    recursive: true,
    filter: (path) => !/[/\\](node_modules|dist|\.data)([/\\]|$)/.test(path.slice(source.length)),
  });
  // The example as a user would have it: its scripts, resolved from the application's node_modules.
  const pkg = readJson(join(source, "package.json"));
  writeFileSync(
    join(target, "package.json"),
    JSON.stringify({ name: basename(name), private: true, type: pkg.type, scripts: pkg.scripts }, null, 2),
  );
  const tsconfig = readJson(join(source, "tsconfig.json"));
  const { baseUrl: _baseUrl, paths: _paths, ...options } = tsconfig.compilerOptions ?? {};
  writeFileSync(
    join(target, "tsconfig.json"),
    JSON.stringify({ ...strictTsconfig(options), include: tsconfig.include ?? ["src"] }, null, 2),
  );
}

async function main() {
  await admin.connect();
  console.log(
    `user path on Node ${process.version}, npm ${spawnSync("npm", ["--version"]).stdout.toString().trim()}`,
  );
  console.log(`work folder: ${work}`);

  // 1. Pack every public package.
  const tarballs = join(work, "tarballs");
  mkdirSync(tarballs);
  const packages = readdirSync(join(root, "packages"))
    .filter((dir) => existsSync(join(root, "packages", dir, "package.json")))
    .filter((dir) => !readJson(join(root, "packages", dir, "package.json")).private);
  const missingDist = packages.filter((dir) => !existsSync(join(root, "packages", dir, "dist")));
  if (missingDist.length > 0) sh("pnpm", ["build"], { cwd: root });
  for (const dir of packages) {
    spawnSync("pnpm", ["pack", "--pack-destination", tarballs], {
      cwd: join(root, "packages", dir),
      stdio: "ignore",
    });
  }
  const tgz = readdirSync(tarballs).map((name) => join(tarballs, name));
  console.log(`packed: ${readdirSync(tarballs).join(", ")}`);
  if (tgz.length !== packages.length)
    throw new Error(`expected ${packages.length} tarballs, got ${tgz.length}`);

  // What the registry page of each package will show.
  await step(
    "packed package pages: repository links, keywords, install commands, absolute README links",
    () => {
      const problems = [];
      for (const file of tgz) {
        const unpacked = join(work, "unpacked", basename(file, ".tgz"));
        mkdirSync(unpacked, { recursive: true });
        sh("tar", ["-xzf", file, "-C", unpacked]);
        problems.push(...checkPackagePage(join(unpacked, "package")));
      }
      problems.forEach((problem) => console.error(`  ${problem}`));
      if (problems.length > 0) throw new Error(`${problems.length} problem(s) on the package pages`);
    },
  );

  const examples = exampleNames();
  const extraFromExamples = [...exampleDependencies().keys()].filter(
    (name) => name !== "kysely" && !appDependencies.includes(name) && !appDevDependencies.includes(name),
  );

  // 2. The ES module application.
  const app = join(work, "esm-app");
  let esmReady =
    walks("esm") &&
    (await step(
      "ESM app: npm init, npm pkg set type=module, npm install tarballs + registry packages",
      () => {
        createApp(app, { esm: true });
        // `kysely` without a version: whatever npm picks for this Node, as in the guides.
        npmInstall(app, [...tgz, "kysely", ...[...appDependencies, ...extraFromExamples].map(pinned)]);
        npmInstall(app, appDevDependencies.map(pinned), true);
        console.log(`installed kysely ${installedVersion(app, "kysely")}`);
      },
    ));

  const snippets = snippetGraph(join(root, "docs", "snippets"));
  const runnable = snippets.filter((s) => s.entry);
  console.log(`\nsnippets to run: ${runnable.map((s) => s.name).join(", ")}`);
  console.log(
    `modules (run through the snippets importing them): ${snippets
      .filter((s) => !s.entry)
      .map((s) => s.name)
      .join(", ")}`,
  );

  if (esmReady) {
    cpSync(join(here, "run-entry.mjs"), join(app, "run-entry.mjs"));
    const prepare = () => {
      rmSync(join(app, "snippets"), { recursive: true, force: true });
      mkdirSync(join(app, "snippets"));
      for (const s of snippets) cpSync(join(root, "docs", "snippets", s.name), join(app, "snippets", s.name));
      // The application's own tsconfig.json, as a user would have it for these files (decorators for NestJS).
      writeFileSync(
        join(app, "tsconfig.json"),
        JSON.stringify(
          {
            ...strictTsconfig({ noEmit: true, experimentalDecorators: true, emitDecoratorMetadata: true }),
            include: ["snippets/*.ts"],
          },
          null,
          2,
        ),
      );
      for (const name of examples) copyExample(app, name);
    };

    const kyselyVersion = installedVersion(app, "kysely");
    const firstLeg = `kysely ${kyselyVersion}`;
    prepare();
    if (kyselyVersion.startsWith("0.28.")) applyKysely028Imports(app);
    await step(`${firstLeg}: tsc --noEmit (strict) on every docs snippet`, () =>
      runLimited("npx", ["tsc", "-p", "tsconfig.json"], { cwd: app }),
    );
    await runSnippets(app, runnable, firstLeg);
    await runExamples(app, examples, firstLeg);
    cpSync(join(here, "dashboard-check.mjs"), join(app, "dashboard-check.mjs"));
    await step("dashboard from the tarballs: node:http and NestJS serve the page, app.js and the API", () =>
      withDatabase("dashboard", (databaseUrl) =>
        runLimited(process.execPath, ["dashboard-check.mjs"], {
          cwd: app,
          env: { ...process.env, DATABASE_URL: databaseUrl },
        }),
      ),
    );

    // The other Kysely line: only what touches Kysely runs again.
    const otherSpec = kyselyVersion.startsWith("0.28.") ? `kysely@${kysely029}` : "kysely@~0.28.0";
    const installed = await step(`npm install ${otherSpec}`, () => npmInstall(app, [otherSpec]));
    if (installed) {
      const secondVersion = installedVersion(app, "kysely");
      const secondLeg = `kysely ${secondVersion}`;
      prepare();
      if (secondVersion.startsWith("0.28.")) applyKysely028Imports(app);
      await step(`${secondLeg}: tsc --noEmit (strict) on every docs snippet`, () =>
        runLimited("npx", ["tsc", "-p", "tsconfig.json"], { cwd: app }),
      );
      await runSnippets(
        app,
        runnable.filter((s) => s.kysely),
        secondLeg,
      );
      const kyselyExamples = examples.filter((name) => {
        const pkg = readJson(join(root, "examples", name, "package.json"));
        return "kysely" in { ...pkg.dependencies, ...pkg.devDependencies };
      });
      await runExamples(app, kyselyExamples, secondLeg);
    }
  }

  // 3. The CommonJS application.
  const cjs = join(work, "cjs-app");
  const cjsTarballs = tgz.filter((path) => /duraflows-(core|pg|kysely)-/.test(basename(path)));
  if (
    walks("cjs") &&
    (await step("CJS app: npm init, npm install tarballs (core, pg, kysely) + pg + kysely", () => {
      createApp(cjs, { esm: false });
      npmInstall(cjs, [...cjsTarballs, "kysely", pinned("pg")]);
      npmInstall(cjs, ["typescript", "@types/node", "@types/pg"].map(pinned), true);
      console.log(`installed kysely ${installedVersion(cjs, "kysely")}`);
    }))
  ) {
    mkdirSync(join(cjs, "src"));
    cpSync(join(here, "cjs-main.ts"), join(cjs, "src", "main.ts"));
    writeFileSync(
      join(cjs, "tsconfig.json"),
      JSON.stringify(
        {
          ...strictTsconfig({ module: "Node16", moduleResolution: "Node16", outDir: "dist", rootDir: "src" }),
          include: ["src"],
        },
        null,
        2,
      ),
    );
    await step("CJS app: tsc (strict, CommonJS output) and node dist/main.js", () =>
      withDatabase("cjs", async (databaseUrl) => {
        const compiled = await runLimited("npx", ["tsc", "-p", "tsconfig.json"], { cwd: cjs });
        if (compiled !== 0) return compiled;
        if (!readFileSync(join(cjs, "dist", "main.js"), "utf8").includes('require("@duraflows/core")'))
          throw new Error("dist/main.js is not CommonJS");
        return runLimited(process.execPath, ["dist/main.js"], {
          cwd: cjs,
          env: { ...process.env, DATABASE_URL: databaseUrl },
        });
      }),
    );
  }

  // 4. The command line.
  if (walks("cli")) await cliApplication(tgz);
}

/** Runs `npx duraflows <args>` in `dir`; returns what it printed, throws on an unexpected exit code. */
function npxDuraflows(dir, args, env, expectedCode = 0) {
  console.log(`$ npx duraflows ${args.join(" ")}   (in ${dir})`);
  const run = spawnSync("npx", ["--no-install", "duraflows", ...args], {
    cwd: dir,
    env,
    encoding: "utf8",
    timeout: snippetTimeoutMs,
  });
  process.stdout.write(run.stdout ?? "");
  process.stderr.write(run.stderr ?? "");
  if (run.status !== expectedCode)
    throw new Error(
      `npx duraflows ${args.join(" ")}: exit ${run.status ?? run.signal}, expected ${expectedCode}`,
    );
  return run.stdout;
}

/** The command line as a new user meets it: installed from its tarball, run with npx. */
async function cliApplication(tgz) {
  const dir = join(work, "cli-app");
  const tarballs = tgz.filter((path) => /duraflows-(cli|core|pg)-\d/.test(basename(path)));
  const installed = await step("CLI app: npm init, npm install tarballs (cli, core, pg)", () => {
    createApp(dir, { esm: false });
    npmInstall(dir, tarballs);
  });
  if (!installed) return;
  await step("CLI app: npx duraflows --help, migrate up, migrate status --json on a fresh database", () =>
    withDatabase("cli", async (databaseUrl) => {
      const env = { ...process.env, DATABASE_URL: databaseUrl, NO_COLOR: "1" };
      const help = npxDuraflows(dir, ["--help"], env);
      if (!help.startsWith("Usage: duraflows <command> [options]"))
        throw new Error("unexpected --help output");
      npxDuraflows(dir, ["migrate", "--help"], env);
      const latest = readdirSync(join(dir, "node_modules", "@duraflows", "pg", "sql", "dbmate")).filter(
        (file) => /^\d+_.*\.sql$/.test(file),
      ).length;
      const up = npxDuraflows(dir, ["migrate", "up"], env);
      if (!up.includes(`Schema at version ${latest}: ${latest} applied, 0 adopted.`))
        throw new Error("migrate up did not apply every step");
      const status = JSON.parse(npxDuraflows(dir, ["migrate", "status", "--json"], env));
      if (status.current !== latest || status.entries.some((entry) => entry.state !== "applied"))
        throw new Error(`migrate status --json: expected every step applied at version ${latest}`);
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        const { rows } = await client.query("SELECT to_regclass('workflow_executions') IS NOT NULL AS ok");
        if (!rows[0].ok) throw new Error("workflow_executions is missing after migrate up");
      } finally {
        await client.end();
      }
      npxDuraflows(dir, ["migrate", "down"], env, 2);
    }),
  );
}

let crashed = false;
try {
  await main();
} catch (error) {
  crashed = true;
  console.error(error);
} finally {
  await admin.end().catch(() => {});
  if (!keep) rmSync(work, { recursive: true, force: true });
}

console.log("\n=== user path ===");
for (const { label, ok, seconds } of results) console.log(`${ok ? "ok  " : "FAIL"} ${label} (${seconds}s)`);
const failed = results.filter((result) => !result.ok).length;
console.log(`user path steps ok: ${results.length - failed} of ${results.length}`);
process.exit(failed === 0 && !crashed && results.length > 0 ? 0 : 1);
