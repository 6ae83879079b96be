#!/usr/bin/env node
// Checks that no published package pulls a runtime dependency it does not need (issue #11):
//  - the runtime `dependencies` of each published package are exactly the allowed list below;
//  - every runtime dependency is really imported by the package's sources (so it is needed);
//  - every bare module the sources import at runtime is a Node built-in, a dependency or a peer dependency;
//  - @duraflows/core ships @camcima/finita bundled: its built files never import it;
//  - @duraflows/pg and @duraflows/kysely ship the private @duraflows/sql bundled: their built files never import it.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import { join } from "node:path";

const ALLOWED_RUNTIME_DEPENDENCIES = {
  "@camcima/finita": [],
  "@duraflows/core": [],
  "@duraflows/pg": [],
  "@duraflows/kysely": [],
  "@duraflows/nestjs": ["class-transformer", "class-validator"],
  // The command line ships its own driver: it is an application, not a library the user wires up.
  "@duraflows/cli": ["@duraflows/core", "@duraflows/pg", "pg"],
  "@duraflows/dashboard": [],
};

// Workspace packages a published package inlines at build time instead of depending on them.
const BUNDLED = {
  "@duraflows/core": ["@camcima/finita"],
  "@duraflows/pg": ["@duraflows/sql"],
  "@duraflows/kysely": ["@duraflows/sql"],
};

const root = new URL("..", import.meta.url).pathname;
const problems = [];

// Browser code bundled at build time (its imports ship inside the bundle, not as dependencies).
const BUNDLED_BROWSER_DIRS = new Set([join(root, "packages/dashboard/src/app")]);

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (BUNDLED_BROWSER_DIRS.has(path)) return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|cts|js|mjs)$/.test(name) && !name.endsWith(".d.ts") ? [path] : [];
  });
}

/** Package names imported at runtime (type-only imports and `import type` are erased by the build). */
function runtimeImports(file) {
  const text = readFileSync(file, "utf8");
  const found = new Set();
  const patterns = [
    /^\s*import\s+(?!type\s)(?:[^'"]*?\sfrom\s+)?["']([^"']+)["']/gm,
    /^\s*export\s+(?!type\s)[^'"]*?\sfrom\s+["']([^"']+)["']/gm,
    /\bimport\(\s*["']([^"']+)["']\s*\)/g,
    /\brequire\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) {
      const spec = match[1];
      if (spec.startsWith(".") || spec.startsWith("/")) continue;
      const parts = spec.split("/");
      found.add(spec.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]);
    }
  }
  return found;
}

const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

for (const dir of readdirSync(join(root, "packages"))) {
  const manifestPath = join(root, "packages", dir, "package.json");
  if (!existsSync(manifestPath)) continue;
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  if (manifest.private) continue;
  const allowed = ALLOWED_RUNTIME_DEPENDENCIES[manifest.name];
  if (allowed === undefined) {
    problems.push(
      `${manifest.name}: published package missing from ALLOWED_RUNTIME_DEPENDENCIES in scripts/check-deps.mjs`,
    );
    continue;
  }
  const dependencies = Object.keys(manifest.dependencies ?? {}).sort();
  if (JSON.stringify(dependencies) !== JSON.stringify([...allowed].sort())) {
    problems.push(`${manifest.name}: runtime dependencies are [${dependencies}], expected [${allowed}]`);
  }
  for (const field of ["optionalDependencies", "bundledDependencies", "bundleDependencies"]) {
    if (manifest[field] && Object.keys(manifest[field]).length > 0) {
      problems.push(`${manifest.name}: unexpected ${field}`);
    }
  }
  const imported = new Set();
  for (const file of sourceFiles(join(root, "packages", dir, "src"))) {
    for (const name of runtimeImports(file)) imported.add(name);
  }
  const peers = Object.keys(manifest.peerDependencies ?? {});
  const bundled = BUNDLED[manifest.name] ?? [];
  for (const name of imported) {
    if (builtins.has(name) || dependencies.includes(name) || peers.includes(name) || bundled.includes(name))
      continue;
    if (name === manifest.name) continue;
    problems.push(
      `${manifest.name}: sources import "${name}", which is neither a dependency nor a peer dependency`,
    );
  }
  for (const name of dependencies) {
    if (!imported.has(name))
      problems.push(`${manifest.name}: runtime dependency "${name}" is never imported (not needed)`);
  }
  if (bundled.length > 0) {
    const dist = join(root, "packages", dir, "dist");
    if (existsSync(dist)) {
      for (const file of sourceFiles(dist)) {
        for (const name of bundled) {
          if (runtimeImports(file).has(name)) {
            problems.push(
              `${manifest.name}: built file ${file.slice(root.length)} imports ${name} (must be bundled)`,
            );
          }
        }
      }
    } else {
      console.warn(
        `check-deps: packages/${dir}/dist not built; the bundling check was skipped (run pnpm build)`,
      );
    }
  }
}

if (problems.length > 0) {
  console.error(`check-deps: ${problems.length} problem(s):`);
  for (const problem of problems) console.error(`- ${problem}`);
  process.exit(1);
}
console.log("check-deps: every published package declares only the runtime dependencies it needs.");
