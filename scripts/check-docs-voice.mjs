// The guides and package READMEs speak to users: no references to the maintainers' specification, its section
// numbers, issue numbers or "deviations". docs/decisions.md is the maintainers' record of design choices: it may
// talk about the specification, but like the sources (packages/*/src) it must stand alone, so neither cites a
// section of an outside document or an issue number. The code and the record say what is done and why, in place.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const maintainerPages = new Set(["docs/decisions.md"]);
const patterns = [
  [/§\s*\d/, "a specification section number"],
  [/\bissue\s+#\d+/i, "an issue number"],
  [/\bthe spec\b|\bspecification\b|\bspec-mandated\b/i, "the specification"],
  [/\bdeviation from\b/i, "a deviation from the specification"],
  [/\bopen points?\b/i, "the specification's open points"],
];
/** What neither the maintainers' record nor a source file may cite: it points outside the repository. */
const standAlonePatterns = [
  [/§/, "a section of an outside document"],
  [/\bissues?\s+#?\d+/i, "an issue number"],
  [/\b[a-z-]+\.md\s+(?:§|section\b)/i, "a section of an outside document"],
  [/\bopen points?\b/i, "the specification's open points"],
  [/\bdeviations?\b/i, "a deviation from the specification"],
];
const sourceExtensions = /\.(?:ts|tsx|mts|cts|js|mjs|cjs|sql|css|html)$/;

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "node_modules" ? [] : sourceFiles(path);
    return sourceExtensions.test(name) ? [path] : [];
  });
}

function markdownFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "node_modules" ? [] : markdownFiles(path);
    return name.endsWith(".md") ? [path] : [];
  });
}

const files = [
  ...markdownFiles(join(root, "docs")),
  join(root, "README.md"),
  ...readdirSync(join(root, "packages")).map((dir) => join(root, "packages", dir, "README.md")),
].filter((path) => {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
});

// Tests are source too: their names and comments say what they check without pointing at an outside document.
const sources = readdirSync(join(root, "packages")).flatMap((dir) =>
  ["src", "test"].flatMap((folder) => {
    const path = join(root, "packages", dir, folder);
    try {
      return statSync(path).isDirectory() ? sourceFiles(path) : [];
    } catch {
      return [];
    }
  }),
);

let problems = 0;
for (const path of [...files, ...sources]) {
  const rules =
    files.includes(path) && !maintainerPages.has(relative(root, path)) ? patterns : standAlonePatterns;
  readFileSync(path, "utf8")
    .split("\n")
    .forEach((text, index) => {
      for (const [pattern, what] of rules) {
        if (pattern.test(text)) {
          problems += 1;
          console.error(
            `${relative(root, path)}:${index + 1}: mentions ${what}: ${text.trim().slice(0, 100)}`,
          );
        }
      }
    });
}
if (problems > 0) {
  console.error(
    `${problems} line(s) point outside the repository or speak to the maintainers instead of users (say in place what the code does and why; design choices go to docs/decisions.md)`,
  );
  process.exit(1);
}
console.log(
  `docs speak to users and stand alone: ${files.length} page(s), ${sources.length} source file(s) checked`,
);
