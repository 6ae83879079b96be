import { writeFile } from "node:fs/promises";
import { toMermaidDiagram } from "@duraflows/core";
import { parse } from "../args.js";
import { EXIT, UsageError } from "../cli-error.js";
import type { Command, CommandContext } from "../command.js";
import { loadDefinitions } from "../load-modules.js";

const HELP = `Usage:
  duraflows diagram <module|json> [--workflow NAME] [--direction TB|LR] [--show-commands] [--out FILE]

Prints the Mermaid flowchart of a workflow definition (or writes it to --out).

Options:
  --workflow NAME   which definition, when the file exports several
  --direction D     TB (default) or LR
  --show-commands   list command names under the event labels
  --out FILE        write the diagram to FILE instead of standard output
  --json            print { workflow, mermaid }
  -h, --help        show this help

Examples:
  duraflows diagram ./dist/workflows.js --workflow order --direction LR
  duraflows diagram order.json --show-commands --out docs/order.mmd`;

async function run(argv: string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parse(argv, {
    workflow: { type: "string" },
    direction: { type: "string", default: "TB" },
    "show-commands": { type: "boolean", default: false },
    out: { type: "string" },
  });
  const out = context.output(values.json);
  if (values.help) {
    out.write(HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 1)
    throw new UsageError(positionals.length === 0 ? "missing <module|json>" : "diagram takes one file");
  const direction = values.direction;
  if (direction !== "TB" && direction !== "LR")
    throw new UsageError(`--direction must be TB or LR, got "${direction}"`);
  const definitions = await loadDefinitions(positionals);
  const matching =
    values.workflow === undefined
      ? definitions
      : definitions.filter((d) => d.definition.name === values.workflow);
  if (matching.length !== 1) {
    const names = definitions.map((d) => d.definition.name).join(", ");
    throw new UsageError(
      matching.length === 0
        ? `no workflow "${values.workflow}" in ${positionals[0]} (found: ${names})`
        : `several workflows found (${names}): pick one with --workflow`,
    );
  }
  const { definition } = matching[0]!;
  const mermaid = toMermaidDiagram(definition, { direction, showCommands: values["show-commands"] });
  if (values.out !== undefined)
    await writeFile(values.out, mermaid.endsWith("\n") ? mermaid : mermaid + "\n");
  if (out.json)
    out.printJson({ workflow: definition.name, mermaid, ...(values.out ? { out: values.out } : {}) });
  else if (values.out !== undefined) out.write(`wrote ${values.out}`);
  else out.write(mermaid);
  return EXIT.ok;
}

/** `duraflows diagram`. */
export const diagramCommand: Command = {
  name: "diagram",
  summary: "print the Mermaid diagram of a workflow definition",
  help: HELP,
  run,
};
