// The guides and package READMEs speak to users: no references to the maintainers' specification, its section
// numbers, issue numbers or "deviations". docs/decisions.md is the maintainers' record and may cite them.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const exempt = new Set(["docs/decisions.md"]);
const patterns = [
  [/§\s*\d/, "a specification section number"],
  [/\bissue\s+#\d+/i, "an issue number"],
  [/\bthe spec\b|\bspecification\b|\bspec-mandated\b/i, "the specification"],
  [/\bdeviation from\b/i, "a deviation from the specification"],
  [/\bopen points?\b/i, "the specification's open points"],
];

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
    return statSync(path).isFile() && !exempt.has(relative(root, path));
  } catch {
    return false;
  }
});

let problems = 0;
for (const path of files) {
  readFileSync(path, "utf8")
    .split("\n")
    .forEach((text, index) => {
      for (const [pattern, what] of patterns) {
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
    `${problems} line(s) speak to the maintainers instead of users (move them to docs/decisions.md)`,
  );
  process.exit(1);
}
console.log(`docs speak to users: ${files.length} page(s) checked`);
