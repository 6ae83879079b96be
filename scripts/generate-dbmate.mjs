#!/usr/bin/env node
// Writes packages/pg/sql/dbmate/*.sql from the single source of the schema (packages/sql/src/schema). With
// --check it writes nothing and fails when a shipped file differs from what the source renders, when a step
// has no file, or when a file has no step: a hand edit of a dbmate file, or a DDL change that would alter
// a released step, is caught before it ships.
// Run: tsx --tsconfig scripts/tsconfig.json scripts/generate-dbmate.mjs [--check]
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { DBMATE_STEPS, renderDbmateFile } from "@duraflows/sql";

const check = process.argv.includes("--check");
const dir = resolve(import.meta.dirname, "../packages/pg/sql/dbmate");
const problems = [];

for (const step of DBMATE_STEPS) {
  const path = join(dir, step.file);
  const text = renderDbmateFile(step);
  const current = existsSync(path) ? readFileSync(path, "utf8") : undefined;
  if (current === text) continue;
  if (check) {
    problems.push(current === undefined ? `${step.file}: missing` : `${step.file}: differs from the source`);
  } else {
    writeFileSync(path, text);
    console.log(`wrote ${step.file}`);
  }
}

const known = new Set(DBMATE_STEPS.map((step) => step.file));
for (const file of readdirSync(dir).filter((name) => name.endsWith(".sql"))) {
  if (!known.has(file)) problems.push(`${file}: no step in packages/sql/src/schema/dbmate-steps.ts`);
}

if (problems.length > 0) {
  console.error(`dbmate: ${problems.length} file(s) out of step with the schema source:`);
  for (const problem of problems) console.error(`- ${problem}`);
  if (check) console.error("Run `pnpm dbmate:generate` after changing the DDL in packages/sql/src/schema.");
  process.exit(1);
}
console.log(`dbmate: ${DBMATE_STEPS.length} files match the schema source.`);
