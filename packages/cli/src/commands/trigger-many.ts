import type { InstanceStateFilter } from "@duraflows/core";
import { intOption, jsonOption, parse, positionals } from "../args.js";
import { CommandError, EXIT, UsageError } from "../cli-error.js";
import type { Command, CommandContext } from "../command.js";
import { buildRuntime } from "../runtime.js";
import { withDatabase } from "../with-database.js";

const HELP = `Usage:
  duraflows trigger-many <workflow> <state> <event> --limit N --definitions FILE [options]

Fires an event on every instance of a workflow resting in a state (at most --limit of them), exactly like
runtime.triggerEventForMany. An event without guard and commands, whose target has no onEnter, moves the
instances set-based, one transaction per batch; any other event runs once per instance, with its commands
from --commands. Instances another transaction holds are skipped. Exits 1 when an instance failed.

Options:
  --limit N               trigger the event on at most N instances (required)
  --definitions FILE      module or JSON file exporting the workflow definitions
  --commands FILE         module exporting \`commands\` (name → handler) and \`guards\`
  --where-context JSON    only instances whose context contains this JSON object
  --where-metadata JSON   only instances whose metadata contains this JSON object
  --before ISO            only instances whose last transition happened before this instant
  --batch-size N          instances per transaction (default 500)
  --database-url URL      PostgreSQL connection string (default: $DATABASE_URL)
  --json                  print the result as JSON
  -h, --help              show this help

Examples:
  duraflows trigger-many order draft Expire --limit 10000 --definitions dist/workflows.js
  duraflows trigger-many order draft Expire --limit 500 --definitions order.json --where-context '{"region":"eu"}' --json`;

function objectOption(name: string, value: string | undefined): Record<string, unknown> | undefined {
  const parsed = jsonOption(name, value);
  if (parsed === undefined) return undefined;
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
    throw new UsageError(`--${name} must be a JSON object, got ${value}`);
  return parsed as Record<string, unknown>;
}

function filter(values: {
  "where-context"?: string;
  "where-metadata"?: string;
  before?: string;
}): InstanceStateFilter | undefined {
  const where: InstanceStateFilter = {};
  const context = objectOption("where-context", values["where-context"]);
  if (context) where.context = context;
  const metadata = objectOption("where-metadata", values["where-metadata"]);
  if (metadata) where.metadata = metadata;
  if (values.before !== undefined) {
    const before = new Date(values.before);
    if (Number.isNaN(before.getTime()))
      throw new UsageError(`--before must be an ISO date, got "${values.before}"`);
    where.lastTransitionBefore = before;
  }
  return Object.keys(where).length > 0 ? where : undefined;
}

async function triggerMany(argv: string[], context: CommandContext): Promise<number> {
  const { values, positionals: rest } = parse(argv, {
    definitions: { type: "string" },
    commands: { type: "string" },
    limit: { type: "string" },
    "batch-size": { type: "string" },
    "where-context": { type: "string" },
    "where-metadata": { type: "string" },
    before: { type: "string" },
  });
  const out = context.output(values.json);
  if (values.help) {
    out.write(HELP);
    return EXIT.ok;
  }
  const [workflowName, state, eventName] = positionals(rest, ["workflow", "state", "event"]);
  const limit = intOption("limit", values.limit, 1);
  if (limit === undefined)
    throw new UsageError("trigger-many needs --limit N (the most instances to move in this run)");
  const batchSize = intOption("batch-size", values["batch-size"], 1);
  const where = filter(values);
  if (values.definitions === undefined)
    throw new CommandError(
      "trigger-many needs --definitions FILE",
      "Point it at the module exporting the workflow definition.",
    );
  const result = await withDatabase(values["database-url"], context.env, async (pool) => {
    const runtime = await buildRuntime(pool, { definitions: values.definitions, commands: values.commands });
    return runtime.triggerEventForMany({
      workflowName: workflowName!,
      state: state!,
      eventName: eventName!,
      limit,
      ...(batchSize !== undefined ? { batchSize } : {}),
      ...(where !== undefined ? { where } : {}),
      triggerMetadata: { source: "cli" },
    });
  });
  const ok = result.failed === 0 && result.errors.length === 0;
  if (out.json) out.printJson(result);
  else {
    out.write(
      `${ok ? out.green("done") : out.red("done with failures")}: ${result.transitioned} of ${result.matched} moved (${result.mode}${result.mode === "bulk" ? `, ${result.batches} batches` : ""}), ${result.failed} failed`,
    );
    for (const error of result.errors) out.write(`  ${out.red(error.uuid)} ${error.error}`);
  }
  return ok ? EXIT.ok : EXIT.failure;
}

/** `duraflows trigger-many`. */
export const triggerManyCommand: Command = {
  name: "trigger-many",
  summary: "fire an event on every instance in a state",
  help: HELP,
  run: triggerMany,
};
