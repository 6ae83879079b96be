import { parse, positionals } from "../args.js";
import { BATCHED_DELETE_OPTIONS, batchSizes, runBatchedDelete } from "../batch-loop.js";
import { beforeOption } from "../before-option.js";
import { EXIT, UsageError } from "../cli-error.js";
import type { CommandContext } from "../command.js";
import { buildRuntime } from "../runtime.js";
import { withDatabase } from "../with-database.js";

/** Usage line of `duraflows instances purge`, part of the `instances` help. */
export const PURGE_USAGE = `  duraflows instances purge --before DATE|AGE --definitions FILE [--workflow NAME] [--batch N] [--max-batches N] [--dry-run]`;

const PURGE_HELP = `Usage:
${PURGE_USAGE}

Deletes finished instances (runtime.purgeInstances): those resting in a terminal state (a state without events
in your definition) whose last transition happened before --before, with their history rows, idempotency
receipts and durable executions, one transaction per batch. Instances another transaction holds are skipped and
left for a later run. --dry-run counts and deletes nothing.

Options:
  --before DATE|AGE    last transition before this instant: an ISO date or date-time, or an age (30d, 12h, 2w)
  --definitions FILE   module or JSON file exporting the workflow definitions (they say which states are terminal)
  --workflow NAME      only this workflow (default: every workflow of --definitions)
  --batch N            instances deleted per transaction (default 500)
  --max-batches N      stop after N batches (default: until nothing is left)
  --dry-run            count what would be deleted, delete nothing
  --database-url URL   PostgreSQL connection string (default: $DATABASE_URL)
  --json               print { dryRun, instances, batches }
  -h, --help           show this help

Examples:
  duraflows instances purge --before 30d --definitions dist/workflows.js --dry-run
  duraflows instances purge --before 2026-01-01 --definitions dist/workflows.js --workflow order --batch 200 --json`;

/** `duraflows instances purge`: runs batch after batch, printing one line per batch (a bar on a terminal). */
export async function instancesPurge(argv: string[], context: CommandContext): Promise<number> {
  const { values, positionals: rest } = parse(argv, {
    before: { type: "string" },
    definitions: { type: "string" },
    ...BATCHED_DELETE_OPTIONS,
  });
  const out = context.output(values.json);
  if (values.help) {
    out.write(PURGE_HELP);
    return EXIT.ok;
  }
  positionals(rest, []);
  const terminalBefore = beforeOption("before", values.before);
  if (terminalBefore === undefined) throw new UsageError("instances purge needs --before DATE|AGE");
  if (values.definitions === undefined) throw new UsageError("instances purge needs --definitions FILE");
  const { batchSize, maxBatches } = batchSizes(values, 500);
  const rule = {
    terminalBefore,
    ...(values.workflow !== undefined ? { workflowName: values.workflow } : {}),
  };
  const dryRun = values["dry-run"];
  const { items: instances, batches } = await withDatabase(
    values["database-url"],
    context.env,
    async (pool) => {
      const runtime = await buildRuntime(pool, { definitions: values.definitions });
      return runBatchedDelete({
        count: async () => (await runtime.purgeInstances({ ...rule, dryRun: true })).instances,
        // One batch per call, so each batch can be reported as it lands. A call moves on to the next workflow
        // once one has nothing left, so the run ends on the first call that deletes nothing (no stopBelow).
        runOne: async () => (await runtime.purgeInstances({ ...rule, batchSize, maxBatches: 1 })).instances,
        dryRun,
        maxBatches,
        unit: "instance(s)",
        out,
      });
    },
  );
  if (out.json) out.printJson({ dryRun, instances, batches });
  else if (dryRun) out.write(`Dry run: would delete ${instances} finished instance(s).`);
  else out.write(`Deleted ${instances} finished instance(s) in ${batches} batch(es).`);
  return EXIT.ok;
}
