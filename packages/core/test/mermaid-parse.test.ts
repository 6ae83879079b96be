// @vitest-environment happy-dom
// Mermaid needs a DOM to load; happy-dom provides one. Every diagram the package produces or the docs show must be
// accepted by Mermaid's own parser.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import fc from "fast-check";
import mermaid from "mermaid";
import { describe, expect, it } from "vitest";
import type { WorkflowDefinition } from "../src/definition/types.js";
import { NodeIdAllocator } from "../src/diagram/node-id-allocator.js";
import { toMermaidDiagram } from "../src/diagram/to-mermaid-diagram.js";
import { WorkflowValidator } from "../src/validator/workflow-validator.js";

// A plain string path: the DOM environment replaces the global URL class, which node:url does not accept.
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..") + "/";
const readFixture = (name: string): string => readFileSync(join(here, "fixtures", name), "utf8");

/** Resolves when Mermaid accepts the text; rejects with the text attached otherwise. */
async function expectMermaidAccepts(text: string, where: string): Promise<void> {
  try {
    await mermaid.parse(text);
  } catch (error) {
    throw new Error(`Mermaid rejects ${where}:\n${text}\n${String(error)}`);
  }
}

/** The fenced ```mermaid blocks of a Markdown file. */
function mermaidBlocks(path: string): string[] {
  const text = readFileSync(path, "utf8");
  return [...text.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((match) => match[1]);
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : markdownFiles(path);
    return entry.name.endsWith(".md") ? [path] : [];
  });
}

function isDefinition(value: unknown): value is WorkflowDefinition {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as WorkflowDefinition).initialState === "string" &&
    typeof (value as WorkflowDefinition).states === "object"
  );
}

const KEYWORDS = [
  "end",
  "graph",
  "flowchart",
  "subgraph",
  "style",
  "linkStyle",
  "interpolate",
  "classDef",
  "class",
  "click",
  "call",
  "href",
  "_self",
  "_blank",
  "_parent",
  "_top",
];

describe("Mermaid accepts every generated diagram", () => {
  it("accepts the golden outputs", async () => {
    for (const name of ["order-workflow.mmd", "ticket-workflow.mmd"]) {
      await expectMermaidAccepts(readFixture(name), `test/fixtures/${name}`);
    }
  });

  it("accepts every file in docs/diagrams and every mermaid block in the docs", async () => {
    const dir = join(root, "docs", "diagrams");
    const files = readdirSync(dir).filter((name) => name.endsWith(".mmd"));
    expect(files.length).toBeGreaterThan(0);
    for (const name of files)
      await expectMermaidAccepts(readFileSync(join(dir, name), "utf8"), `docs/diagrams/${name}`);
    const pages = [
      ...markdownFiles(join(root, "docs")),
      join(root, "README.md"),
      ...markdownFiles(join(root, "packages")),
    ];
    let blocks = 0;
    for (const page of pages) {
      for (const block of mermaidBlocks(page)) {
        blocks++;
        await expectMermaidAccepts(block, page.slice(root.length));
      }
    }
    expect(blocks).toBeGreaterThan(0);
  });

  it("accepts the diagrams of the examples, the demo and the builder templates, in both directions", async () => {
    const modules = [
      ...readdirSync(join(root, "examples")).flatMap((example) => {
        const src = join(root, "examples", example, "src");
        return readdirSync(src)
          .filter((name) => name.endsWith("-workflow.ts"))
          .map((name) => join(src, name));
      }),
      join(root, "demo", "order-workflow.ts"),
      ...readdirSync(join(root, "skills", "duraflows-builder", "assets"))
        .filter((name) => name.endsWith(".ts"))
        .map((name) => join(root, "skills", "duraflows-builder", "assets", name)),
    ];
    let definitions = 0;
    for (const path of modules) {
      const exported = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
      for (const value of Object.values(exported).filter(isDefinition)) {
        definitions++;
        for (const direction of ["TB", "LR"] as const) {
          for (const showCommands of [false, true]) {
            const where = `${path.slice(root.length)} (${direction}, showCommands ${showCommands})`;
            await expectMermaidAccepts(toMermaidDiagram(value, { direction, showCommands }), where);
          }
        }
      }
    }
    expect(definitions).toBeGreaterThanOrEqual(modules.length);
  }, 30_000); // Parses dozens of diagrams; near 3 s alone, so the 5 s default is too tight beside other test files.
});

describe("states and events named like Mermaid keywords", () => {
  for (const keyword of KEYWORDS) {
    it(`a state named "${keyword}" gets a safe id and keeps its label`, async () => {
      const definition: WorkflowDefinition = {
        name: "keywords",
        initialState: keyword,
        states: {
          [keyword]: {
            onEnter: { targetState: "middle", commands: [{ name: keyword }] },
            events: { [keyword]: { targetState: "middle", errorState: keyword } },
          },
          middle: { events: { Next: { targetState: "done" }, Back: { targetState: keyword } } },
          done: {},
        },
      };
      const text = toMermaidDiagram(definition, { showCommands: true });
      await expectMermaidAccepts(text, `a diagram with a state named ${keyword}`);
      expect(text).toContain(`    ${keyword}_2["<b>${keyword}</b>"]:::stateNode\n`);
      expect(text).toContain(`    _start --> ${keyword}_2\n`);
      expect(text).toContain(`    middle__Back --> ${keyword}_2\n`);
      expect(text).not.toMatch(new RegExp(`^    ${keyword}(\\[| -->)`, "m"));
    });
  }

  it("the terminal state named end gets end_2, beside the _end marker", async () => {
    const text = toMermaidDiagram({
      name: "t",
      initialState: "start",
      states: { start: { events: { Finish: { targetState: "end" } } }, end: {} },
    });
    await expectMermaidAccepts(text, "a terminal state named end");
    expect(text).toContain('    end_2["<b>end</b>"]:::stateNode\n');
    expect(text).toContain("    end_2 --> _end\n");
  });

  it("leaves other spellings alone, as Mermaid matches keywords case-sensitively", async () => {
    const ids = new NodeIdAllocator();
    expect(ids.idFor("state:End", "End")).toBe("End");
    expect(ids.idFor("state:GRAPH", "GRAPH")).toBe("GRAPH");
    expect(ids.idFor("state:ending", "ending")).toBe("ending");
    expect(ids.idFor("state:end", "end")).toBe("end_2");
    expect(ids.idFor("state:end_2", "end_2")).toBe("end_2_2");
    expect(ids.idFor("state:end-x", "end-x")).toBe("end_x");
    const text = toMermaidDiagram({
      name: "t",
      initialState: "End",
      states: { End: { events: { Go: { targetState: "Graph" } } }, Graph: {} },
    });
    await expectMermaidAccepts(text, "capitalized keywords");
    expect(text).toContain('    End["<b>End</b>"]:::stateNode\n');
  });
});

describe("a property-based sweep of names", () => {
  // Names mix Mermaid keywords, punctuation Mermaid gives meaning to, and arbitrary Unicode text.
  const name = fc.oneof(
    fc.constantFrom(
      ...KEYWORDS,
      "_start",
      "_end",
      "start",
      "v",
      "o",
      "x",
      "default",
      "direction",
      "TB",
      "LR",
      "A",
    ),
    fc.string({ unit: fc.constantFrom(..."ab_-.:;#&|\"'`<>[](){}/\\%@!*^~= 1end"), maxLength: 12 }),
    fc.string({ unit: "grapheme", maxLength: 8 }),
    fc.string({ maxLength: 8 }),
  );
  // The validator refuses empty, whitespace-padded and `$`-prefixed event names.
  const eventName = name.filter((n) => n !== "" && n.trim() === n && !n.startsWith("$"));
  const duration = fc.record(
    { afterDays: fc.nat(30), afterHours: fc.nat(23), afterMinutes: fc.nat(59) },
    { requiredKeys: [] },
  );
  const definition = fc
    .uniqueArray(name, { minLength: 1, maxLength: 6 })
    .chain((stateNames) => {
      const target = fc.option(fc.constantFrom(...stateNames), { nil: undefined });
      const commands = fc.option(fc.array(fc.record({ name }), { maxLength: 2 }), { nil: undefined });
      const event = fc.record({
        targetState: target,
        errorState: target,
        commands,
        timeout: fc.option(duration, { nil: undefined }),
      });
      const state = fc.record({
        events: fc.option(fc.dictionary(eventName, event, { maxKeys: 3 }), { nil: undefined }),
        onEnter: fc.option(fc.record({ targetState: target, errorState: target, commands }), {
          nil: undefined,
        }),
      });
      return fc.tuple(
        fc.constant(stateNames),
        fc.array(state, { minLength: stateNames.length, maxLength: stateNames.length }),
      );
    })
    .map(
      ([stateNames, states]): WorkflowDefinition => ({
        name: "sweep",
        initialState: stateNames[0],
        states: Object.fromEntries(
          stateNames.map((stateName, i) => [stateName, states[i]]),
        ) as WorkflowDefinition["states"],
      }),
    )
    .filter((def) => new WorkflowValidator().validate(def).valid);

  it("Mermaid accepts the diagram of any definition the validator accepts", async () => {
    await fc.assert(
      fc.asyncProperty(
        definition,
        fc.constantFrom("TB", "LR" as const),
        fc.boolean(),
        async (def, direction, showCommands) => {
          await expectMermaidAccepts(
            toMermaidDiagram(def, { direction, showCommands }),
            "a generated definition",
          );
        },
      ),
      { numRuns: 150, seed: 20261202 },
    );
  }, 120_000);
});
