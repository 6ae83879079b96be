import { parse, positionals } from "../args.js";
import { EXIT } from "../cli-error.js";
import type { Command, CommandContext } from "../command.js";
import { table } from "../output.js";
import { buildRuntime } from "../runtime.js";
import { withDatabase } from "../with-database.js";

const HELP = `Usage:
  duraflows versions <workflow>

Lists the stored versions of a workflow definition (workflow_definitions), oldest first, with the number of
instances still using each (instances in a final state do not count).

Options:
  --database-url URL   PostgreSQL connection string (default: $DATABASE_URL)
  --json               print a JSON array
  -h, --help           show this help

Examples:
  duraflows versions order
  duraflows versions order --json`;

async function run(argv: string[], context: CommandContext): Promise<number> {
  const { values, positionals: rest } = parse(argv, {});
  const out = context.output(values.json);
  if (values.help) {
    out.write(HELP);
    return EXIT.ok;
  }
  const [workflow] = positionals(rest, ["workflow"]);
  const versions = await withDatabase(values["database-url"], context.env, async (pool) =>
    (await buildRuntime(pool, {})).listDefinitionVersions(workflow!),
  );
  const rows = versions.map((entry) => ({ ...entry, registeredAt: entry.registeredAt.toISOString() }));
  if (out.json) out.printJson(rows);
  else if (rows.length === 0) out.write(`No stored versions of "${workflow}".`);
  else
    out.write(
      table(
        ["VERSION", "REGISTERED AT", "ACTIVE INSTANCES", "CONTENT HASH"],
        rows.map((row) => [
          String(row.version),
          row.registeredAt,
          String(row.activeInstances),
          row.contentHash,
        ]),
      ),
    );
  return EXIT.ok;
}

/** `duraflows versions`. */
export const versionsCommand: Command = {
  name: "versions",
  summary: "list the stored versions of a workflow definition",
  help: HELP,
  run,
};
