// Checks that every published package's `exports` resolve in both module systems: each subpath is
// `import`ed and `require`d from the built output, must expose the same named exports both ways, and the
// declared `types` files must exist. Then runs publint on each package.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { publint } from "publint";
import { formatMessage } from "publint/utils";

const root = resolve(import.meta.dirname, "..");
const packagesDir = join(root, "packages");
let failures = 0;

function fail(message) {
  failures += 1;
  console.error(`  ✗ ${message}`);
}

for (const dir of readdirSync(packagesDir)) {
  const pkgDir = join(packagesDir, dir);
  const manifestPath = join(pkgDir, "package.json");
  if (!existsSync(manifestPath)) continue;
  const pkg = JSON.parse(readFileSync(manifestPath, "utf8"));
  if (pkg.private) continue;
  console.log(`${pkg.name}`);
  const require = createRequire(join(pkgDir, "package.json"));
  for (const [subpath, conditions] of Object.entries(pkg.exports ?? {})) {
    if (subpath === "./package.json") continue;
    const esm = conditions.import;
    const cjs = conditions.require;
    if (!esm || !cjs) {
      fail(`${subpath}: needs both "import" and "require" conditions`);
      continue;
    }
    for (const [kind, entry] of [
      ["import", esm],
      ["require", cjs],
    ]) {
      if (!existsSync(join(pkgDir, entry.types))) fail(`${subpath} (${kind}): missing types ${entry.types}`);
      if (!existsSync(join(pkgDir, entry.default))) fail(`${subpath} (${kind}): missing ${entry.default}`);
    }
    let esmKeys = [];
    let cjsKeys = [];
    try {
      esmKeys = Object.keys(await import(pathToFileURL(join(pkgDir, esm.default)).href)).filter(
        (k) => k !== "default",
      );
    } catch (error) {
      fail(`${subpath}: import failed: ${error.message}`);
    }
    try {
      cjsKeys = Object.keys(require(join(pkgDir, cjs.default)));
    } catch (error) {
      fail(`${subpath}: require failed: ${error.message}`);
    }
    const missingInCjs = esmKeys.filter((k) => !cjsKeys.includes(k));
    const missingInEsm = cjsKeys.filter((k) => !esmKeys.includes(k));
    if (missingInCjs.length) fail(`${subpath}: only in ESM: ${missingInCjs.join(", ")}`);
    if (missingInEsm.length) fail(`${subpath}: only in CJS: ${missingInEsm.join(", ")}`);
    console.log(`  ✓ ${subpath}: ${esmKeys.length} named exports via import and require`);
  }
  const { messages } = await publint({ pkgDir, level: "warning", strict: true });
  for (const message of messages) fail(`publint: ${formatMessage(message, pkg)}`);
  if (!messages.length) console.log("  ✓ publint");
}

if (failures) {
  console.error(`\n${failures} export problem(s)`);
  process.exit(1);
}
console.log("\nAll package exports resolve in ESM and CJS.");
