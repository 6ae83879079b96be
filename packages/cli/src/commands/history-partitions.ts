import { maintainHistoryPartitions, partitionHistory, type HistoryPartitionInterval } from "@duraflows/pg";
import { intOption, parse, positionals } from "../args.js";
import { beforeOption } from "../before-option.js";
import { EXIT, UsageError } from "../cli-error.js";
import type { CommandContext } from "../command.js";
import { withDatabase } from "../with-database.js";

/** Usage lines of the partitioning subcommands, part of the `history` help. */
export const PARTITION_USAGE = `  duraflows history partition [--interval day|week|month] [--premake N] [--no-default]
  duraflows history partitions [--premake N] [--drop-before DATE|AGE] [--detach-only]`;

const PARTITION_HELP = `Usage:
  duraflows history partition [--interval day|week|month] [--premake N] [--no-default]

Turns workflow_history into a table range-partitioned by created_at (partitionHistory from @duraflows/pg),
copying every row, and installs the maintenance function that \`duraflows history partitions\` calls. It rewrites
the table under an exclusive lock: run it in a maintenance window. On a table already partitioned it only
reinstalls the maintenance function.

Options:
  --interval UNIT      width of each partition: day, week or month (default month)
  --premake N          partitions created ahead of the current one (default 3)
  --no-default         do not create workflow_history_default (when pg_partman will manage the table)
  --database-url URL   PostgreSQL connection string (default: $DATABASE_URL)
  --json               print { partitioned: true }
  -h, --help           show this help

Examples:
  duraflows history partition --interval month --premake 3`;

const PARTITIONS_HELP = `Usage:
  duraflows history partitions [--premake N] [--drop-before DATE|AGE] [--detach-only]

One maintenance pass on a history table partitioned by \`duraflows history partition\`: creates the partitions up
to --premake ahead and, given --drop-before, detaches every partition whose range ends at or before it and drops
it (or keeps it as a standalone table with --detach-only, to archive it). The newest row of every existing
instance is kept: it moves to the default partition first. Run it from a scheduler (cron, pg_cron) or let the
worker's retention do the pruning instead.

Options:
  --premake N          partitions to have ready ahead of the current one (default 3)
  --drop-before DATE|AGE  detach partitions ending at or before this instant: an ISO date or an age (180d, 26w)
  --detach-only        detach but do not drop
  --database-url URL   PostgreSQL connection string (default: $DATABASE_URL)
  --json               print { created, detached, dropped }
  -h, --help           show this help

Examples:
  duraflows history partitions --premake 3 --drop-before 180d
  duraflows history partitions --drop-before 2026-01-01 --detach-only --json`;

const INTERVALS: readonly HistoryPartitionInterval[] = ["day", "week", "month"];

/** `duraflows history partition`: partitions the history table once. */
export async function historyPartition(argv: string[], context: CommandContext): Promise<number> {
  const { values, positionals: rest } = parse(argv, {
    interval: { type: "string" },
    premake: { type: "string" },
    "no-default": { type: "boolean", default: false },
  });
  const out = context.output(values.json);
  if (values.help) {
    out.write(PARTITION_HELP);
    return EXIT.ok;
  }
  positionals(rest, []);
  const interval = values.interval ?? "month";
  if (!(INTERVALS as readonly string[]).includes(interval))
    throw new UsageError(`--interval expects day, week or month, got "${interval}"`);
  const premake = intOption("premake", values.premake, 0) ?? 3;
  await withDatabase(values["database-url"], context.env, (pool) =>
    partitionHistory(pool, {
      interval: interval as HistoryPartitionInterval,
      premake,
      defaultPartition: !values["no-default"],
    }),
  );
  if (out.json) out.printJson({ partitioned: true });
  else out.write(`workflow_history is partitioned by ${interval} (${premake} partition(s) ahead).`);
  return EXIT.ok;
}

/** `duraflows history partitions`: one maintenance pass. */
export async function historyPartitions(argv: string[], context: CommandContext): Promise<number> {
  const { values, positionals: rest } = parse(argv, {
    premake: { type: "string" },
    "drop-before": { type: "string" },
    "detach-only": { type: "boolean", default: false },
  });
  const out = context.output(values.json);
  if (values.help) {
    out.write(PARTITIONS_HELP);
    return EXIT.ok;
  }
  positionals(rest, []);
  const premake = intOption("premake", values.premake, 0) ?? 3;
  const dropBefore = beforeOption("drop-before", values["drop-before"]) ?? null;
  const result = await withDatabase(values["database-url"], context.env, (pool) =>
    maintainHistoryPartitions(pool, { premake, dropBefore, detachOnly: values["detach-only"] }),
  );
  if (out.json) {
    out.printJson(result);
    return EXIT.ok;
  }
  for (const name of result.created) out.write(`created  ${name}`);
  for (const name of result.detached) out.write(`detached ${name}`);
  for (const name of result.dropped) out.write(`dropped  ${name}`);
  out.write(
    `${result.created.length} created, ${result.detached.length} detached, ${result.dropped.length} dropped.`,
  );
  return EXIT.ok;
}
