// Renders the Mermaid diagram of every example definition into docs/diagrams/<id>.mmd and into the docs pages
// that embed it (`<!-- diagram: <id> -->` on the line before a ```mermaid block). `--check` writes nothing and
// fails when a file or an embedded block is stale. Run through tsx (it imports TypeScript sources):
//   tsx --tsconfig scripts/tsconfig.json scripts/generate-diagrams.mjs [--check]
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { toMermaidDiagram } from "@duraflows/core";
import { formatMarkdown } from "./format-markdown.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const check = process.argv.includes("--check");
const diagramsDir = join(root, "docs", "diagrams");

/** Where each diagram comes from: a module of the repository and the name of the exported definition. */
const sources = [
  { id: "order", module: "demo/order-workflow.ts", name: "orderWorkflow", options: {} },
  { id: "signup", module: "examples/quickstart/src/signup-workflow.ts", name: "signupWorkflow" },
  { id: "invoice", module: "examples/pg-service/src/invoice-workflow.ts", name: "invoiceWorkflow" },
  {
    id: "fulfilment",
    module: "examples/kysely-transactional/src/fulfilment-workflow.ts",
    name: "fulfilmentWorkflow",
  },
  {
    id: "simple-sequence",
    module: "skills/duraflows-builder/assets/simple-sequence.ts",
    name: "simpleSequenceWorkflow",
  },
  {
    id: "fan-out-fan-in",
    module: "skills/duraflows-builder/assets/fan-out-fan-in.ts",
    name: "fanOutFanInWorkflow",
  },
  {
    id: "saga-compensation",
    module: "skills/duraflows-builder/assets/saga-compensation.ts",
    name: "sagaCompensationWorkflow",
  },
  {
    id: "approval-human-in-loop",
    module: "skills/duraflows-builder/assets/approval-human-in-loop.ts",
    name: "approvalWorkflow",
  },
];

const problems = [];
const rendered = new Map();
for (const source of sources) {
  const path = join(root, source.module);
  if (!existsSync(path)) {
    problems.push(`${source.module} is missing (diagram ${source.id})`);
    continue;
  }
  const module = await import(pathToFileURL(path).href);
  const definition = module[source.name];
  if (!definition) {
    problems.push(`${source.module} does not export ${source.name}`);
    continue;
  }
  rendered.set(source.id, toMermaidDiagram(definition, source.options ?? { showCommands: true }));
}

mkdirSync(diagramsDir, { recursive: true });
for (const [id, mermaid] of rendered) {
  const file = join(diagramsDir, `${id}.mmd`);
  const current = existsSync(file) ? readFileSync(file, "utf8") : null;
  if (current === mermaid) continue;
  if (check) problems.push(`docs/diagrams/${id}.mmd is stale`);
  else {
    writeFileSync(file, mermaid);
    console.log(`wrote docs/diagrams/${id}.mmd`);
  }
}

const marker = /^<!-- diagram: ([\w-]+) -->$/;
const pageDirs = [join(root, "docs"), root];
for (const dir of pageDirs) {
  for (const name of readdirSync(dir).filter((file) => file.endsWith(".md"))) {
    const path = join(dir, name);
    const lines = readFileSync(path, "utf8").split("\n");
    const out = [];
    let changed = false;
    for (let i = 0; i < lines.length; i++) {
      out.push(lines[i]);
      const match = marker.exec(lines[i].trim());
      if (!match) continue;
      const mermaid = rendered.get(match[1]);
      if (mermaid === undefined) {
        problems.push(`${relative(root, path)}:${i + 1}: unknown diagram ${match[1]}`);
        continue;
      }
      const block = ["```mermaid", ...mermaid.trimEnd().split("\n"), "```"];
      let start = i + 1;
      while (lines[start] === "") start++;
      let end = i;
      if (lines[start] === "```mermaid") {
        end = start + 1;
        while (end < lines.length && lines[end] !== "```") end++;
      }
      const current = end > i ? lines.slice(start, end + 1).join("\n") : null;
      if (current !== block.join("\n")) {
        changed = true;
        if (check) problems.push(`${relative(root, path)}:${i + 1}: embedded diagram ${match[1]} is stale`);
      }
      out.push("", ...block);
      i = end;
    }
    if (changed && !check) {
      writeFileSync(path, await formatMarkdown(path, out.join("\n")));
      console.log(`updated ${relative(root, path)}`);
    }
  }
}

if (problems.length > 0) {
  problems.forEach((problem) => console.error(problem));
  console.error(check ? "diagrams are stale: run pnpm docs:sync" : "diagram generation failed");
  process.exit(1);
}
console.log(`diagrams ${check ? "up to date" : "generated"}: ${rendered.size}`);
