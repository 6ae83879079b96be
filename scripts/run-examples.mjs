// Runs the `start` script of every example under examples/, one after the other, and fails when any fails.
// The examples import the built packages, so missing dist/ folders are built first.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname ?? new URL(".", import.meta.url).pathname, "..");
const only = process.argv.slice(2);

const packagesMissingDist = readdirSync(join(root, "packages")).filter((name) => {
  const manifest = join(root, "packages", name, "package.json");
  if (!existsSync(manifest)) return false;
  const { private: isPrivate, scripts = {} } = JSON.parse(readFileSync(manifest, "utf8"));
  return !isPrivate && scripts.build && !existsSync(join(root, "packages", name, "dist"));
});
if (packagesMissingDist.length > 0) {
  console.log(`building the packages first (no dist/ in: ${packagesMissingDist.join(", ")})`);
  const build = spawnSync("pnpm", ["build"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const examples = readdirSync(join(root, "examples"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(root, "examples", entry.name, "package.json")))
  .map((entry) => entry.name)
  .filter((name) => only.length === 0 || only.includes(name))
  .sort();

const results = [];
for (const name of examples) {
  console.log(`\n=== example: ${name} ===`);
  const started = Date.now();
  const run = spawnSync("pnpm", ["run", "start"], { cwd: join(root, "examples", name), stdio: "inherit" });
  results.push({ name, ok: run.status === 0, seconds: ((Date.now() - started) / 1000).toFixed(1) });
}

console.log("\n=== examples ===");
for (const { name, ok, seconds } of results) console.log(`${ok ? "ok  " : "FAIL"} ${name} (${seconds}s)`);
const failed = results.filter((result) => !result.ok).length;
console.log(`examples ok: ${results.length - failed} of ${results.length}`);
process.exit(failed === 0 && results.length > 0 ? 0 : 1);
