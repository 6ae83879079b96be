import { intOption, parse, positionals } from "../args.js";
import { CommandError, EXIT, UsageError } from "../cli-error.js";
import type { Command, CommandContext } from "../command.js";
import { table } from "../output.js";
import { buildRuntime, optionalTables } from "../runtime.js";
import { withDatabase } from "../with-database.js";
import type { Pool } from "pg";
import { uuidArgument } from "./instances.js";

const iso = (value: Date | null): string | null => (value ? value.toISOString() : null);
const STATUSES = ["pending", "running", "parked", "completed", "cancelled"];
/** Instances whose timeout the next sweep fires. */
const DUE = `expires_at < now() AND timeout_parked_at IS NULL AND (timeout_retry_at IS NULL OR timeout_retry_at <= now())`;

// ---------------------------------------------------------------- executions

const EXECUTIONS_HELP = `Usage:
  duraflows executions list [--status STATUS] [--workflow NAME] [--limit N]
  duraflows executions retry <uuid>
  duraflows executions cancel <uuid>

Lists durable executions (newest first), moves a parked one back to pending (retry), or cancels one that is
not completed and not actively leased (cancel undoes nothing already done).

Options:
  --status STATUS      pending, running, parked, completed or cancelled
  --workflow NAME      only executions of this workflow
  --limit N            at most N rows (default 50)
  --database-url URL   PostgreSQL connection string (default: $DATABASE_URL)
  --json               print JSON
  -h, --help           show this help

Examples:
  duraflows executions list --status parked
  duraflows executions retry 5d1f0a52-8a8e-4b7b-9d0e-1c3f4a5b6c7d --json`;

async function executions(argv: string[], context: CommandContext): Promise<number> {
  const { values, positionals: rest } = parse(argv, {
    status: { type: "string" },
    workflow: { type: "string" },
    limit: { type: "string" },
  });
  const out = context.output(values.json);
  if (values.help) {
    out.write(EXECUTIONS_HELP);
    return EXIT.ok;
  }
  const action = rest[0];
  if (action === "retry" || action === "cancel") {
    const [, uuid] = positionals(rest, [action, "uuid"]);
    uuidArgument(uuid!);
    const execution = await withDatabase(values["database-url"], context.env, async (pool) => {
      if (!(await optionalTables(pool)).durableExecution) {
        throw new CommandError("The workflow_executions table does not exist", "Run `duraflows migrate up`.");
      }
      const runtime = await buildRuntime(pool, {});
      if (!(await runtime.getExecution(uuid!)))
        throw new CommandError(`Durable execution "${uuid}" not found`);
      return action === "retry" ? runtime.retryExecution(uuid!) : runtime.cancelExecution(uuid!);
    });
    if (out.json)
      out.printJson({
        uuid: execution.uuid,
        status: execution.status,
        workflowInstanceUuid: execution.workflowInstanceUuid,
      });
    else
      out.write(
        `${action === "retry" ? "Retrying" : "Cancelled"} execution ${execution.uuid} (now ${execution.status}).`,
      );
    return EXIT.ok;
  }
  positionals(rest, ["list|retry|cancel"]);
  if (action !== "list")
    throw new UsageError(`unknown executions action "${action}" (expected list, retry or cancel)`);
  if (values.status !== undefined && !STATUSES.includes(values.status)) {
    throw new UsageError(`--status must be one of ${STATUSES.join(", ")}, got "${values.status}"`);
  }
  const limit = intOption("limit", values.limit, 1) ?? 50;
  const rows = await withDatabase(values["database-url"], context.env, async (pool) => {
    if (!(await optionalTables(pool)).durableExecution) {
      throw new CommandError("The workflow_executions table does not exist", "Run `duraflows migrate up`.");
    }
    const result = await pool.query<{
      uuid: string;
      workflow_instance_uuid: string;
      status: string;
      available_at: Date;
      execution_json: Record<string, unknown>;
    }>(
      `SELECT uuid, workflow_instance_uuid, status, available_at, execution_json FROM workflow_executions
        WHERE ($1::text IS NULL OR status = $1)
          AND ($2::text IS NULL OR execution_json ->> 'workflowName' = $2)
        ORDER BY execution_json ->> 'createdAt' DESC, uuid
        LIMIT $3`,
      [values.status ?? null, values.workflow ?? null, limit],
    );
    return result.rows.map((row) => ({
      uuid: row.uuid,
      workflowInstanceUuid: row.workflow_instance_uuid,
      workflowName: row.execution_json.workflowName as string,
      eventName: row.execution_json.eventName as string,
      status: row.status,
      attempts: row.execution_json.attempts as number,
      availableAt: iso(row.available_at),
      lastError: (row.execution_json.lastError as string | null) ?? null,
    }));
  });
  if (out.json) out.printJson(rows);
  else if (rows.length === 0) out.write("No executions found.");
  else
    out.write(
      table(
        ["UUID", "INSTANCE", "EVENT", "STATUS", "ATTEMPTS", "LAST ERROR"],
        rows.map((row) => [
          row.uuid,
          row.workflowInstanceUuid,
          `${row.workflowName}.${row.eventName}`,
          row.status === "parked" ? out.red(row.status) : row.status,
          String(row.attempts),
          row.lastError ?? "",
        ]),
      ),
    );
  return EXIT.ok;
}

// ---------------------------------------------------------------- timeouts

const TIMEOUTS_HELP = `Usage:
  duraflows timeouts due [--workflow NAME] [--limit N]
  duraflows timeouts parked [--workflow NAME] [--limit N]
  duraflows timeouts rearm <uuid>

Lists instances whose timeout is due now (the next sweep fires them), lists timeouts parked after too many
failed attempts, or re-arms a parked timeout so the next sweep tries again.

Options:
  --workflow NAME      only instances of this workflow
  --limit N            at most N rows (default 50)
  --database-url URL   PostgreSQL connection string (default: $DATABASE_URL)
  --json               print JSON
  -h, --help           show this help

Examples:
  duraflows timeouts due --workflow order
  duraflows timeouts parked --json
  duraflows timeouts rearm 0f8c3c1e-5b7e-4f7a-9d2b-2f0d6f1f8a11`;

async function timeouts(argv: string[], context: CommandContext): Promise<number> {
  const { values, positionals: rest } = parse(argv, {
    workflow: { type: "string" },
    limit: { type: "string" },
  });
  const out = context.output(values.json);
  if (values.help) {
    out.write(TIMEOUTS_HELP);
    return EXIT.ok;
  }
  const action = rest[0];
  if (action === "rearm") {
    const [, uuid] = positionals(rest, ["rearm", "uuid"]);
    uuidArgument(uuid!);
    const instance = await withDatabase(values["database-url"], context.env, async (pool) =>
      (await buildRuntime(pool, {})).rearmTimeout(uuid!),
    );
    if (out.json)
      out.printJson({
        uuid: instance.uuid,
        currentState: instance.currentState,
        expiresAt: iso(instance.expiresAt),
      });
    else out.write(`Re-armed the timeout of ${instance.uuid}; the next sweep fires it.`);
    return EXIT.ok;
  }
  positionals(rest, ["due|parked|rearm"]);
  if (action !== "due" && action !== "parked")
    throw new UsageError(`unknown timeouts action "${action}" (expected due, parked or rearm)`);
  const limit = intOption("limit", values.limit, 1) ?? 50;
  const where = action === "due" ? DUE : `timeout_parked_at IS NOT NULL`;
  const rows = await withDatabase(values["database-url"], context.env, async (pool) => {
    const result = await pool.query<{
      uuid: string;
      workflow_name: string;
      current_state: string;
      expires_at: Date | null;
      timeout_attempts: number;
      timeout_last_error: string | null;
      timeout_parked_at: Date | null;
    }>(
      `SELECT uuid, workflow_name, current_state, expires_at, timeout_attempts, timeout_last_error, timeout_parked_at
         FROM workflow_instances
        WHERE ${where} AND ($1::text IS NULL OR workflow_name = $1)
        ORDER BY ${action === "due" ? "expires_at" : "timeout_parked_at"}, uuid
        LIMIT $2`,
      [values.workflow ?? null, limit],
    );
    return result.rows.map((row) => ({
      uuid: row.uuid,
      workflowName: row.workflow_name,
      currentState: row.current_state,
      expiresAt: iso(row.expires_at),
      attempts: row.timeout_attempts,
      lastError: row.timeout_last_error,
      parkedAt: iso(row.timeout_parked_at),
    }));
  });
  if (out.json) out.printJson(rows);
  else if (rows.length === 0) out.write(action === "due" ? "No timeouts due." : "No parked timeouts.");
  else
    out.write(
      table(
        action === "due"
          ? ["UUID", "WORKFLOW", "STATE", "EXPIRED AT", "ATTEMPTS"]
          : ["UUID", "WORKFLOW", "STATE", "PARKED AT", "LAST ERROR"],
        rows.map((row) =>
          action === "due"
            ? [row.uuid, row.workflowName, row.currentState, row.expiresAt ?? "", String(row.attempts)]
            : [row.uuid, row.workflowName, row.currentState, row.parkedAt ?? "", row.lastError ?? ""],
        ),
      ),
    );
  return EXIT.ok;
}

// ---------------------------------------------------------------- sweep

async function countDue(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(
    `SELECT count(*) AS n FROM workflow_instances WHERE ${DUE}`,
  );
  return Number(rows[0]!.n);
}

const SWEEP_HELP = `Usage:
  duraflows sweep --definitions FILE [--commands FILE] [--once] [--batch N]

Fires every due timeout now, with your definitions and command handlers, batch after batch until fewer than
--batch are left (or one batch with --once). Safe next to running workers.

Options:
  --definitions FILE   module or JSON file exporting the workflow definitions
  --commands FILE      module exporting \`commands\` (name → handler) and \`guards\`
  --batch N            instances per batch (default 100)
  --once               run one batch only
  --database-url URL   PostgreSQL connection string (default: $DATABASE_URL)
  --json               print the totals as JSON
  -h, --help           show this help

Examples:
  duraflows sweep --definitions dist/workflows.js --commands dist/commands.js
  duraflows sweep --definitions dist/workflows.js --once --batch 500 --json`;

async function sweep(argv: string[], context: CommandContext): Promise<number> {
  const { values, positionals: rest } = parse(argv, {
    definitions: { type: "string" },
    commands: { type: "string" },
    batch: { type: "string" },
    once: { type: "boolean", default: false },
  });
  const out = context.output(values.json);
  if (values.help) {
    out.write(SWEEP_HELP);
    return EXIT.ok;
  }
  positionals(rest, []);
  if (values.definitions === undefined) throw new UsageError("sweep needs --definitions FILE");
  const batch = intOption("batch", values.batch, 1) ?? 100;
  const totals = { batches: 0, processed: 0, rejected: 0, businessFailed: 0, failed: 0, parked: 0 };
  await withDatabase(values["database-url"], context.env, async (pool) => {
    const runtime = await buildRuntime(pool, { definitions: values.definitions, commands: values.commands });
    // The bar's total: timeouts due when the sweep starts (more may fall due while it runs).
    const due = out.interactive ? await countDue(pool) : 0;
    let handledSoFar = 0;
    for (;;) {
      const result = await runtime.processExpiredWorkflows({ limit: batch });
      totals.batches++;
      totals.processed += result.processed;
      totals.rejected += result.rejected;
      totals.businessFailed += result.businessFailed.length;
      totals.failed += result.failed.length;
      totals.parked += result.parked.length;
      for (const failure of result.failed)
        if (!out.json) out.error(`${out.yellow("failed")} ${failure.uuid}: ${failure.error}`);
      const handled = result.processed + result.rejected + result.failed.length;
      handledSoFar += handled;
      if (out.interactive) out.progress(handledSoFar, Math.max(due, handledSoFar), `batch ${totals.batches}`);
      else if (!out.json)
        out.write(`batch ${totals.batches}: ${result.processed} processed, ${result.failed.length} failed`);
      if (values.once || handled === 0 || handled < batch) break;
    }
    out.endProgress();
  });
  if (out.json) out.printJson(totals);
  else
    out.write(
      `Swept ${totals.processed} timeout(s) in ${totals.batches} batch(es): ${totals.rejected} rejected, ${totals.failed} failed, ${totals.parked} parked.`,
    );
  return totals.failed > 0 ? EXIT.failure : EXIT.ok;
}

/** `duraflows executions`. */
export const executionsCommand: Command = {
  name: "executions",
  summary: "list, retry or cancel durable executions",
  help: EXECUTIONS_HELP,
  run: executions,
};

/** `duraflows timeouts`. */
export const timeoutsCommand: Command = {
  name: "timeouts",
  summary: "list due or parked timeouts, re-arm a parked one",
  help: TIMEOUTS_HELP,
  run: timeouts,
};

/** `duraflows sweep`. */
export const sweepCommand: Command = {
  name: "sweep",
  summary: "fire every due timeout now",
  help: SWEEP_HELP,
  run: sweep,
};
