import type { MigrateInstancesResult } from "@duraflows/core";
import { intOption, keyValues, parse, positionals } from "../args.js";
import { EXIT, UsageError } from "../cli-error.js";
import type { Command, CommandContext } from "../command.js";
import { table } from "../output.js";
import { buildRuntime } from "../runtime.js";
import { withDatabase } from "../with-database.js";

const HELP = `Usage:
  duraflows migrate-instances <workflow> --from V --to W --definitions FILE [--map STATE=STATE]… [--batch N] [--dry-run]

Moves the instances of a workflow from stored definition version V to version W, one transaction per instance,
in batches of --batch. Each migrated instance gets a "$migrated" history row; onEnter hooks never run. Instances
that cannot move (a state missing from W without a mapping, a target state with an onEnter, an active durable
execution) are skipped or reported as failed and keep version V. --dry-run reports what a real run would do and
writes nothing. Exits 1 when an instance failed.

Options:
  --from V             stored version the instances are on now
  --to W               stored version to move them to
  --definitions FILE   module or JSON file exporting the workflow definitions (version W must be stored or current)
  --commands FILE      module exporting \`commands\` and \`guards\` (only checks that W's references are registered)
  --map FROM=TO        rename state FROM of V to state TO of W (repeatable)
  --batch N            instances per batch (default 100)
  --dry-run            report only, write nothing
  --database-url URL   PostgreSQL connection string (default: $DATABASE_URL)
  --json               print the result as JSON
  -h, --help           show this help

Examples:
  duraflows migrate-instances order --from 1 --to 2 --definitions dist/workflows.js --dry-run
  duraflows migrate-instances order --from 1 --to 2 --definitions dist/workflows.js --map paid=charged --json`;

interface Totals {
  dryRun: boolean;
  batches: number;
  migrated: MigrateInstancesResult["migrated"];
  skipped: MigrateInstancesResult["skipped"];
  failed: MigrateInstancesResult["failed"];
  warnings: string[];
}

async function run(argv: string[], context: CommandContext): Promise<number> {
  const { values, positionals: rest } = parse(argv, {
    from: { type: "string" },
    to: { type: "string" },
    definitions: { type: "string" },
    commands: { type: "string" },
    map: { type: "string", multiple: true },
    batch: { type: "string" },
    "dry-run": { type: "boolean", default: false },
  });
  const out = context.output(values.json);
  if (values.help) {
    out.write(HELP);
    return EXIT.ok;
  }
  const [workflow] = positionals(rest, ["workflow"]);
  const from = intOption("from", values.from, 1);
  const to = intOption("to", values.to, 1);
  if (from === undefined || to === undefined) throw new UsageError("migrate-instances needs --from and --to");
  if (from === to) throw new UsageError("--from and --to must differ");
  if (values.definitions === undefined) throw new UsageError("migrate-instances needs --definitions FILE");
  const stateMapping = keyValues("map", values.map);
  const batch = intOption("batch", values.batch, 1) ?? 100;
  const dryRun = values["dry-run"];
  const totals: Totals = { dryRun, batches: 0, migrated: [], skipped: [], failed: [], warnings: [] };
  await withDatabase(values["database-url"], context.env, async (pool) => {
    const runtime = await buildRuntime(pool, { definitions: values.definitions, commands: values.commands });
    // The bar's total: instances on the source version when the run starts.
    const candidates = out.interactive
      ? Number(
          (
            await pool.query<{ n: string }>(
              `SELECT count(*) AS n FROM workflow_instances WHERE workflow_name = $1 AND definition_version = $2`,
              [workflow, from],
            )
          ).rows[0]!.n,
        )
      : 0;
    let cursor: string | undefined;
    for (;;) {
      const result = await runtime.migrateInstances({
        workflowName: workflow!,
        fromVersion: from,
        toVersion: to,
        stateMapping,
        limit: batch,
        dryRun,
        ...(cursor !== undefined ? { cursor } : {}),
      });
      if (totals.batches === 0) {
        totals.warnings = result.warnings;
        if (!out.json)
          for (const warning of result.warnings) out.error(`${out.yellow("warning")} ${warning}`);
      }
      const examined = result.migrated.length + result.skipped.length + result.failed.length;
      // The last page of a run that ends exactly on a batch boundary is empty: not worth a line.
      if (examined === 0 && totals.batches > 0) break;
      totals.batches++;
      totals.migrated.push(...result.migrated);
      totals.skipped.push(...result.skipped);
      totals.failed.push(...result.failed);
      for (const failure of result.failed)
        if (!out.json) out.error(`${out.red("failed")} ${failure.uuid}: ${failure.error}`);
      const done = totals.migrated.length + totals.skipped.length + totals.failed.length;
      if (out.interactive) out.progress(done, Math.max(candidates, done), `batch ${totals.batches}`);
      else if (!out.json)
        out.write(
          `batch ${totals.batches}: ${result.migrated.length} ${dryRun ? "would migrate" : "migrated"}, ${result.skipped.length} skipped, ${result.failed.length} failed`,
        );
      if (result.nextCursor === null) break;
      cursor = result.nextCursor;
    }
    out.endProgress();
  });
  if (out.json) out.printJson(totals);
  else {
    if (totals.skipped.length > 0)
      out.write(
        table(
          ["SKIPPED", "REASON"],
          totals.skipped.map((entry) => [entry.uuid, entry.reason]),
        ),
      );
    out.write(
      `${dryRun ? "Dry run: would migrate" : "Migrated"} ${totals.migrated.length} instance(s) of ${workflow} from version ${from} to ${to} in ${totals.batches} batch(es): ${totals.skipped.length} skipped, ${totals.failed.length} failed.`,
    );
  }
  return totals.failed.length > 0 ? EXIT.failure : EXIT.ok;
}

/** `duraflows migrate-instances`. */
export const migrateInstancesCommand: Command = {
  name: "migrate-instances",
  summary: "move instances from one stored definition version to another",
  help: HELP,
  run,
};
