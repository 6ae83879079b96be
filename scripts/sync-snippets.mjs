// Keeps the code samples of docs/*.md identical to the type-checked files in docs/snippets/.
// A page marks a sample with `<!-- snippet: name.ts -->` on the line before its fenced block; this script
// replaces the block's body with the file's content. `--check` changes nothing and fails when a block differs.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { formatMarkdown } from "./format-markdown.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const docsDir = join(root, "docs");
const snippetsDir = join(docsDir, "snippets");
const check = process.argv.includes("--check");
const marker = /^<!-- snippet: ([\w./-]+) -->$/;

function languageOf(file) {
  if (file.endsWith(".sh")) return "sh";
  if (file.endsWith(".sql")) return "sql";
  if (file.endsWith(".json")) return "json";
  return "ts";
}

/** Returns the page with every marked block replaced, plus the problems found. */
function syncPage(text, page) {
  const lines = text.split("\n");
  const out = [];
  const problems = [];
  const used = [];
  for (let i = 0; i < lines.length; i++) {
    out.push(lines[i]);
    const match = marker.exec(lines[i].trim());
    if (!match) continue;
    const name = match[1];
    const file = join(snippetsDir, name);
    if (!existsSync(file)) {
      problems.push(`${page}:${i + 1}: snippet ${name} does not exist in docs/snippets/`);
      continue;
    }
    used.push(name);
    const body = readFileSync(file, "utf8").replace(/\n+$/, "");
    const fence = ["```" + languageOf(name), ...body.split("\n"), "```"];
    let start = i + 1;
    while (lines[start] === "") start++;
    if (lines[start]?.startsWith("```")) {
      let end = start + 1;
      while (end < lines.length && lines[end] !== "```") end++;
      if (end >= lines.length) {
        problems.push(`${page}:${i + 1}: the block after snippet ${name} is not closed`);
        continue;
      }
      const current = lines.slice(start, end + 1).join("\n");
      if (current !== fence.join("\n"))
        problems.push(`${page}:${i + 1}: block differs from docs/snippets/${name}`);
      i = end;
    } else {
      problems.push(`${page}:${i + 1}: no fenced block after snippet ${name}`);
    }
    out.push("", ...fence);
  }
  return { text: out.join("\n"), problems, used };
}

const pages = readdirSync(docsDir).filter((name) => name.endsWith(".md"));
const allUsed = new Set();
let failures = 0;
for (const page of pages) {
  const path = join(docsDir, page);
  const before = readFileSync(path, "utf8");
  const synced = syncPage(before, relative(root, path));
  const { problems, used } = synced;
  const text = synced.used.length > 0 ? await formatMarkdown(path, synced.text) : synced.text;
  if (check && text !== before && problems.length === 0)
    problems.push(`${relative(root, path)}: not formatted as Prettier would`);
  used.forEach((name) => allUsed.add(name));
  const hard = problems.filter(
    (problem) => !problem.includes("block differs") && !problem.includes("no fenced block"),
  );
  if (check) {
    failures += problems.length;
    problems.forEach((problem) => console.error(problem));
  } else {
    failures += hard.length;
    hard.forEach((problem) => console.error(problem));
    if (text !== before) {
      writeFileSync(path, text);
      console.log(`updated ${relative(root, path)}`);
    }
  }
}

const unused = readdirSync(snippetsDir).filter(
  (name) => /\.(ts|sh|sql|json)$/.test(name) && name !== "tsconfig.json" && !allUsed.has(name),
);
for (const name of unused)
  console.warn(`note: docs/snippets/${name} is type-checked but no page includes it`);

if (failures > 0) {
  console.error(
    check ? `${failures} snippet block(s) out of sync: run pnpm docs:sync` : `${failures} problem(s)`,
  );
  process.exit(1);
}
console.log(
  `snippets ${check ? "in sync" : "synced"}: ${allUsed.size} snippet(s) across ${pages.length} page(s)`,
);
