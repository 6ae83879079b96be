import { WorkflowValidator } from "@duraflows/core";
import { parse } from "../args.js";
import { EXIT, UsageError } from "../cli-error.js";
import type { Command, CommandContext } from "../command.js";
import { loadDefinitions, loadHandlers } from "../load-modules.js";

const HELP = `Usage:
  duraflows validate <module|json>... [--commands <module>]

Validates every workflow definition the files export and lists every problem. Exits 1 when any definition
is invalid. With --commands, command and guard names the definitions reference must be registered there.

Options:
  --commands FILE   module exporting \`commands\` (name → handler) and \`guards\`
  --json            print one JSON document
  -h, --help        show this help

Examples:
  duraflows validate ./dist/workflows/order.js
  duraflows validate order.json refund.json --json
  NODE_OPTIONS='--import tsx' duraflows validate src/workflows.ts --commands src/commands.ts`;

async function run(argv: string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parse(argv, { commands: { type: "string" } });
  const out = context.output(values.json);
  if (values.help) {
    out.write(HELP);
    return EXIT.ok;
  }
  if (positionals.length === 0) throw new UsageError("missing <module|json>");
  const definitions = await loadDefinitions(positionals);
  const handlers = values.commands === undefined ? undefined : await loadHandlers(values.commands);
  const validator = new WorkflowValidator();
  const results = definitions.map(({ source, definition }) => {
    const result = validator.validate(
      definition,
      handlers
        ? {
            knownCommandNames: new Set(handlers.commands.keys()),
            knownGuardNames: new Set(handlers.guards.map((guard) => guard.name)),
          }
        : undefined,
    );
    return {
      workflow: definition.name,
      source,
      valid: result.valid,
      errors: result.errors,
      warnings: result.warnings ?? [],
    };
  });
  const valid = results.every((result) => result.valid);
  if (out.json) {
    out.printJson({ valid, workflows: results });
    return valid ? EXIT.ok : EXIT.failure;
  }
  for (const result of results) {
    out.write(
      `${result.valid ? out.green("✓") : out.red("✗")} ${out.bold(result.workflow)} ${out.dim(`(${result.source})`)}`,
    );
    for (const error of result.errors) out.write(`  ${out.red("error")}   ${error.path}: ${error.message}`);
    for (const warning of result.warnings)
      out.write(`  ${out.yellow("warning")} ${warning.path}: ${warning.message}`);
  }
  const invalid = results.filter((result) => !result.valid).length;
  out.write(
    invalid === 0
      ? `${results.length} definition(s) valid.`
      : `${invalid} of ${results.length} definition(s) invalid, ${results.reduce((n, r) => n + r.errors.length, 0)} error(s).`,
  );
  return valid ? EXIT.ok : EXIT.failure;
}

/** `duraflows validate`. */
export const validateCommand: Command = {
  name: "validate",
  summary: "validate workflow definitions and list every error",
  help: HELP,
  run,
};
