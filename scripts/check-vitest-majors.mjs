#!/usr/bin/env node
// Proves that the conformance kits of @duraflows/core/testing run under each vitest major the package accepts as a
// peer: packs the built core, installs the tarball with one vitest major into a fresh npm application outside the
// workspace, and runs the in-memory instance-store and transaction-runner kits there. A major whose vitest does
// not support this Node version is reported and left out (vitest 5 needs Node 22.12 or later).
// Usage: node scripts/check-vitest-majors.mjs [major ...]   (default: 3 4 5). Run `pnpm build` first.
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const core = join(root, "packages", "core");
const majors = process.argv.slice(2).length > 0 ? process.argv.slice(2).map(Number) : [3, 4, 5];

/** Lowest Node version of each vitest major, from its `engines` field. */
const MIN_NODE = { 3: [18, 0], 4: [20, 0], 5: [22, 12] };

function nodeAtLeast([major, minor]) {
  const [have, haveMinor] = process.versions.node.split(".").map(Number);
  return have > major || (have === major && haveMinor >= minor);
}

function run(command, args, cwd) {
  execFileSync(command, args, { cwd, stdio: ["ignore", "inherit", "inherit"] });
}

const peerRange = JSON.parse(readFileSync(join(core, "package.json"), "utf8")).peerDependencies.vitest;
if (!existsSync(join(core, "dist", "testing", "index.js"))) {
  console.error("packages/core/dist is missing: run pnpm build first");
  process.exit(1);
}

const work = mkdtempSync(join(tmpdir(), "duraflows-vitest-majors-"));
const failures = [];
let checked = 0;
try {
  mkdirSync(join(work, "tarballs"));
  run("pnpm", ["pack", "--pack-destination", join(work, "tarballs")], core);
  const tarball = readdirSync(join(work, "tarballs")).find((name) => name.endsWith(".tgz"));
  const tarballPath = join(work, "tarballs", tarball);

  for (const major of majors) {
    const minimum = MIN_NODE[major];
    if (minimum && !nodeAtLeast(minimum)) {
      console.log(
        `== vitest ${major}: not checked on Node ${process.versions.node} (vitest ${major} needs Node ${minimum.join(".")} or later)`,
      );
      continue;
    }
    console.log(`== vitest ${major}`);
    const app = join(work, `app-vitest-${major}`);
    mkdirSync(join(app, "test"), { recursive: true });
    writeFileSync(
      join(app, "package.json"),
      `${JSON.stringify({ name: `duraflows-vitest-${major}`, private: true, type: "module" }, null, 2)}\n`,
    );
    // A plain npm install: it fails (ERESOLVE) when the vitest version is outside core's peer range.
    try {
      run(
        "npm",
        ["install", "--no-audit", "--no-fund", "--loglevel=error", tarballPath, `vitest@^${major}.0.0`],
        app,
      );
    } catch {
      failures.push(`vitest ${major}: npm install of the core tarball with vitest@^${major} failed`);
      continue;
    }
    const installed = JSON.parse(
      readFileSync(join(app, "node_modules", "vitest", "package.json"), "utf8"),
    ).version;
    console.log(`installed vitest ${installed}`);
    writeFileSync(
      join(app, "test", "kits.test.js"),
      `import {
  InMemoryHistoryStore,
  InMemoryInstanceStore,
  InMemoryTransactionRunner,
  runInstanceStoreConformance,
  runTransactionRunnerConformance,
} from "@duraflows/core/testing";

const noop = async () => undefined;

runInstanceStoreConformance("in-memory", {
  async setup() {
    const transactionRunner = new InMemoryTransactionRunner();
    const store = new InMemoryInstanceStore(transactionRunner);
    const historyStore = new InMemoryHistoryStore(transactionRunner, { instanceStore: store });
    return { store, transactionRunner, historyStore, teardown: noop };
  },
});

runTransactionRunnerConformance("in-memory", {
  async setup() {
    const runner = new InMemoryTransactionRunner();
    return {
      runner,
      store: new InMemoryInstanceStore(runner),
      failWithDatabaseError: async () => {
        throw new Error("simulated database error");
      },
      teardown: noop,
    };
  },
});
`,
    );
    const report = join(app, "report.json");
    try {
      run(
        join(app, "node_modules", ".bin", "vitest"),
        ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`],
        app,
      );
    } catch {
      // The report below says what failed.
    }
    const result = existsSync(report) ? JSON.parse(readFileSync(report, "utf8")) : undefined;
    if (!result || result.numFailedTests > 0 || result.numPassedTests === 0 || !result.success) {
      failures.push(
        `vitest ${installed}: ${result ? `${result.numFailedTests} failed, ${result.numPassedTests} passed` : "no report"}`,
      );
    } else {
      checked++;
      console.log(`vitest ${installed}: every kit test passed (${result.numPassedTests})`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

if (failures.length > 0) {
  console.error(`conformance kits failed under: ${failures.join("; ")}`);
  process.exit(1);
}
if (checked < 2) {
  console.error(`only ${checked} vitest major(s) could be checked here; at least two are required`);
  process.exit(1);
}
console.log(`conformance kits run under ${checked} vitest majors (peer range ${peerRange})`);
