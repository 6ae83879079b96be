import { intOption, parse, positionals } from "../args.js";
import { BATCHED_DELETE_OPTIONS, batchSizes, runBatchedDelete } from "../batch-loop.js";
import { beforeOption } from "../before-option.js";
import { EXIT, UsageError } from "../cli-error.js";
import type { CommandContext } from "../command.js";
import { buildRuntime } from "../runtime.js";
import { withDatabase } from "../with-database.js";

/** Help of `duraflows history prune`, part of the `history` help. */
export const PRUNE_USAGE = `  duraflows history prune [--before DATE|AGE] [--keep-last N] [--workflow NAME] [--batch N] [--max-batches N] [--dry-run]`;

const PRUNE_HELP = `Usage:
${PRUNE_USAGE}

Deletes old history rows (runtime.pruneHistory), one transaction per batch. A row goes when it matches every
rule given: created before --before, and followed by at least --keep-last newer rows of its instance (default 1:
an instance's newest row is never deleted). At least one of --before and --keep-last is required. --dry-run
counts and deletes nothing.

Options:
  --before DATE|AGE    rows created before this instant: an ISO date or date-time, or an age (90d, 12h, 30m, 2w)
  --keep-last N        keep the N newest rows of every instance (at least 1)
  --workflow NAME      only rows of instances of this workflow
  --batch N            rows deleted per transaction (default 1000)
  --max-batches N      stop after N batches (default: until nothing is left)
  --dry-run            count what would be deleted, delete nothing
  --database-url URL   PostgreSQL connection string (default: $DATABASE_URL)
  --json               print { dryRun, rows, batches }
  -h, --help           show this help

Examples:
  duraflows history prune --before 90d --keep-last 20 --dry-run
  duraflows history prune --before 2026-01-01 --workflow order --batch 5000 --json`;

/** `duraflows history prune`: runs batch after batch, printing one line per batch (a bar on a terminal). */
export async function historyPrune(argv: string[], context: CommandContext): Promise<number> {
  const { values, positionals: rest } = parse(argv, {
    before: { type: "string" },
    "keep-last": { type: "string" },
    ...BATCHED_DELETE_OPTIONS,
  });
  const out = context.output(values.json);
  if (values.help) {
    out.write(PRUNE_HELP);
    return EXIT.ok;
  }
  positionals(rest, []);
  const olderThan = beforeOption("before", values.before);
  const keepLast = intOption("keep-last", values["keep-last"], 1);
  if (olderThan === undefined && keepLast === undefined)
    throw new UsageError("history prune needs --before, --keep-last or both");
  const { batchSize, maxBatches } = batchSizes(values, 1000);
  const rule = {
    ...(olderThan !== undefined ? { olderThan } : {}),
    ...(keepLast !== undefined ? { keepLast } : {}),
    ...(values.workflow !== undefined ? { workflowName: values.workflow } : {}),
  };
  const dryRun = values["dry-run"];
  const { items: rows, batches } = await withDatabase(values["database-url"], context.env, async (pool) => {
    const runtime = await buildRuntime(pool, {});
    return runBatchedDelete({
      count: async () => (await runtime.pruneHistory({ ...rule, dryRun: true })).rows,
      // One batch per call, so each batch can be reported as it lands.
      runOne: async () => (await runtime.pruneHistory({ ...rule, batchSize, maxBatches: 1 })).rows,
      dryRun,
      maxBatches,
      unit: "row(s)",
      stopBelow: batchSize,
      out,
    });
  });
  if (out.json) out.printJson({ dryRun, rows, batches });
  else if (dryRun) out.write(`Dry run: would delete ${rows} history row(s).`);
  else out.write(`Deleted ${rows} history row(s) in ${batches} batch(es).`);
  return EXIT.ok;
}
