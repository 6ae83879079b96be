// Checks the agent skills: every folder under skills/ has a SKILL.md with `name` and `description` front matter
// (the name matching the folder), an evals/evals.json of the expected shape with 3–5 evals, and an entry in the
// root package.json "skills" map; every file a SKILL.md links to exists.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const skillsDir = join(root, "skills");
const map = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).skills ?? {};
const problems = [];

const folders = readdirSync(skillsDir, { withFileTypes: true }).filter((entry) => entry.isDirectory());
for (const { name } of folders) {
  const skillFile = join(skillsDir, name, "SKILL.md");
  if (!existsSync(skillFile)) {
    problems.push(`skills/${name}: SKILL.md is missing`);
    continue;
  }
  const text = readFileSync(skillFile, "utf8");
  const front = /^---\n([\s\S]*?)\n---\n/.exec(text);
  const field = (key) => front && new RegExp(`^${key}:\\s*(.+)$`, "m").exec(front[1])?.[1].trim();
  if (!front) problems.push(`skills/${name}/SKILL.md: no YAML front matter`);
  else {
    if (field("name") !== name) problems.push(`skills/${name}/SKILL.md: name must be "${name}"`);
    if (!field("description")) problems.push(`skills/${name}/SKILL.md: description is missing`);
  }
  for (const [, target] of text.matchAll(/\]\(((?:\.\.?\/|assets\/)[^)#]+)\)/g)) {
    if (!existsSync(join(dirname(skillFile), target)))
      problems.push(`skills/${name}/SKILL.md: broken link ${target}`);
  }
  if (map[name] !== `skills/${name}/SKILL.md`)
    problems.push(`package.json "skills" has no entry for ${name}`);

  const evalsFile = join(skillsDir, name, "evals", "evals.json");
  if (!existsSync(evalsFile)) {
    problems.push(`skills/${name}: evals/evals.json is missing`);
    continue;
  }
  const evals = JSON.parse(readFileSync(evalsFile, "utf8"));
  if (evals.skill_name !== name)
    problems.push(`skills/${name}/evals/evals.json: skill_name must be "${name}"`);
  const list = Array.isArray(evals.evals) ? evals.evals : [];
  if (list.length < 3 || list.length > 5)
    problems.push(`skills/${name}/evals/evals.json: expected 3–5 evals`);
  for (const item of list) {
    const ok =
      item.id !== undefined &&
      typeof item.prompt === "string" &&
      typeof item.expected_output === "string" &&
      Array.isArray(item.files);
    if (!ok)
      problems.push(
        `skills/${name}/evals/evals.json: eval ${item.id} needs id, prompt, expected_output, files`,
      );
  }
}
for (const name of Object.keys(map)) {
  if (!folders.some((folder) => folder.name === name))
    problems.push(`package.json "skills" lists ${name}, which does not exist`);
}

if (problems.length > 0) {
  problems.forEach((problem) => console.error(problem));
  process.exit(1);
}
console.log(`skills ok: ${folders.length}`);
