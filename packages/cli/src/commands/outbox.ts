import { intOption, parse, positionals } from "../args.js";
import { CommandError, EXIT, UsageError } from "../cli-error.js";
import type { Command, CommandContext } from "../command.js";
import { table } from "../output.js";
import { buildRuntime, optionalTables } from "../runtime.js";
import { withDatabase } from "../with-database.js";
import type { Pool } from "pg";
import { uuidArgument } from "./instances.js";

const STATUSES = ["pending", "delivered", "parked"] as const;

const HELP = `Usage:
  duraflows outbox list [--status STATUS] [--instance UUID] [--limit N]
  duraflows outbox redeliver <uuid>

Lists the rows of the transactional outbox (oldest first): the events of observers with delivery "outbox",
their status, attempts and last error. redeliver puts a row (a parked one, or a delivered one to replay it)
back to pending with zero attempts; the next relay pass (duraflows worker) delivers it.

Options:
  --status STATUS      pending, delivered or parked
  --instance UUID      only rows of this instance
  --limit N            at most N rows (default 50)
  --database-url URL   PostgreSQL connection string (default: $DATABASE_URL)
  --json               print JSON
  -h, --help           show this help

Examples:
  duraflows outbox list --status parked
  duraflows outbox redeliver 5d1f0a52-8a8e-4b7b-9d0e-1c3f4a5b6c7d --json`;

async function requireOutbox(pool: Pool): Promise<void> {
  if (!(await optionalTables(pool)).outbox) {
    throw new CommandError("The workflow_outbox table does not exist", "Run `duraflows migrate up`.");
  }
}

async function run(argv: string[], context: CommandContext): Promise<number> {
  const { values, positionals: rest } = parse(argv, {
    status: { type: "string" },
    instance: { type: "string" },
    limit: { type: "string" },
  });
  const out = context.output(values.json);
  if (values.help) {
    out.write(HELP);
    return EXIT.ok;
  }
  const action = rest[0];
  if (action === "redeliver") {
    const [, uuid] = positionals(rest, [action, "uuid"]);
    uuidArgument(uuid!);
    const record = await withDatabase(values["database-url"], context.env, async (pool) => {
      await requireOutbox(pool);
      const runtime = await buildRuntime(pool, {});
      const found = await pool.query("SELECT 1 FROM workflow_outbox WHERE uuid = $1", [uuid]);
      if (found.rowCount === 0) throw new CommandError(`Outbox record "${uuid}" not found`);
      return runtime.redeliverOutbox(uuid!);
    });
    if (out.json) out.printJson({ uuid: record.uuid, status: record.status, attempts: record.attempts });
    else out.write(`Re-delivering outbox record ${record.uuid} (now ${record.status}).`);
    return EXIT.ok;
  }
  positionals(rest, ["list|redeliver"]);
  if (action !== "list")
    throw new UsageError(`unknown outbox action "${action}" (expected list or redeliver)`);
  const status = values.status;
  if (status !== undefined && !(STATUSES as readonly string[]).includes(status)) {
    throw new UsageError(`--status must be one of ${STATUSES.join(", ")}, got "${status}"`);
  }
  if (values.instance !== undefined) uuidArgument(values.instance);
  const limit = intOption("limit", values.limit, 1) ?? 50;
  const rows = await withDatabase(values["database-url"], context.env, async (pool) => {
    await requireOutbox(pool);
    const runtime = await buildRuntime(pool, {});
    return runtime.listOutbox({
      limit,
      ...(status !== undefined ? { status: status as (typeof STATUSES)[number] } : {}),
      ...(values.instance !== undefined ? { workflowInstanceUuid: values.instance } : {}),
    });
  });
  const listed = rows.map((row) => ({
    uuid: row.uuid,
    seq: row.seq,
    observer: row.observerName,
    workflowName: row.workflowName,
    workflowInstanceUuid: row.workflowInstanceUuid,
    toState: row.event.toState,
    status: row.status,
    attempts: row.attempts,
    availableAt: row.availableAt.toISOString(),
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
  }));
  if (out.json) out.printJson(listed);
  else if (listed.length === 0) out.write("No outbox rows found.");
  else
    out.write(
      table(
        ["UUID", "OBSERVER", "INSTANCE", "STATE", "STATUS", "ATTEMPTS", "LAST ERROR"],
        listed.map((row) => [
          row.uuid,
          row.observer,
          row.workflowInstanceUuid,
          `${row.workflowName}.${row.toState}`,
          row.status === "parked" ? out.red(row.status) : row.status,
          String(row.attempts),
          row.lastError ?? "",
        ]),
      ),
    );
  return EXIT.ok;
}

/** `duraflows outbox`. */
export const outboxCommand: Command = {
  name: "outbox",
  summary: "list outbox rows and re-deliver one",
  help: HELP,
  run,
};
