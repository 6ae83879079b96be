import type { WorkflowDefinition } from "@duraflows/core";
import type { Pool } from "pg";
import { intOption, jsonOption, keyValues, parse, positionals } from "../args.js";
import { CommandError, EXIT, UsageError } from "../cli-error.js";
import type { Command, CommandContext } from "../command.js";
import { loadDefinitions } from "../load-modules.js";
import { table } from "../output.js";
import { buildRuntime, optionalTables } from "../runtime.js";
import { withDatabase } from "../with-database.js";
import { historyPartition, historyPartitions, PARTITION_USAGE } from "./history-partitions.js";
import { historyPrune, PRUNE_USAGE } from "./history-prune.js";
import { instancesPurge, PURGE_USAGE } from "./instances-purge.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function uuidArgument(value: string): string {
  if (!UUID.test(value)) throw new UsageError(`"${value}" is not a uuid`);
  return value;
}

const iso = (value: Date | null): string | null => (value ? value.toISOString() : null);

// ---------------------------------------------------------------- instances list

const LIST_HELP = `Usage:
  duraflows instances list [--workflow NAME] [--state STATE] [--metadata key=value]... [--limit N]
${PURGE_USAGE}

Lists workflow instances, newest first. \`instances purge\` deletes finished instances: see
\`duraflows instances purge --help\`.

Options:
  --workflow NAME        only instances of this workflow
  --state STATE          only instances in this state
  --metadata key=value   only instances whose metadata has this string value (repeatable)
  --limit N              at most N rows (default 50)
  --database-url URL     PostgreSQL connection string (default: $DATABASE_URL)
  --json                 print a JSON array
  -h, --help             show this help

Examples:
  duraflows instances list --workflow order --state paid --limit 20
  duraflows instances list --metadata tenant=acme --json`;

interface InstanceRow {
  uuid: string;
  workflow_name: string;
  current_state: string;
  version: number;
  definition_version: number | null;
  expires_at: Date | null;
  timeout_parked_at: Date | null;
  context_json: Record<string, unknown>;
  metadata_json: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

function instanceJson(row: InstanceRow) {
  return {
    uuid: row.uuid,
    workflowName: row.workflow_name,
    currentState: row.current_state,
    version: row.version,
    definitionVersion: row.definition_version,
    expiresAt: iso(row.expires_at),
    timeoutParkedAt: iso(row.timeout_parked_at),
    metadata: row.metadata_json,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

async function listInstances(argv: string[], context: CommandContext): Promise<number> {
  if (argv[0] === "purge") return instancesPurge(argv.slice(1), context);
  const { values, positionals: rest } = parse(argv, {
    workflow: { type: "string" },
    state: { type: "string" },
    metadata: { type: "string", multiple: true },
    limit: { type: "string" },
  });
  const out = context.output(values.json);
  if (values.help) {
    out.write(LIST_HELP);
    return EXIT.ok;
  }
  const [action] = positionals(rest, ["list|purge"]);
  if (action !== "list")
    throw new UsageError(`unknown instances action "${action}" (expected list or purge)`);
  const limit = intOption("limit", values.limit, 1) ?? 50;
  const metadata = keyValues("metadata", values.metadata);
  const rows = await withDatabase(values["database-url"], context.env, async (pool) => {
    const result = await pool.query<InstanceRow>(
      `SELECT * FROM workflow_instances
        WHERE ($1::text IS NULL OR workflow_name = $1)
          AND ($2::text IS NULL OR current_state = $2)
          AND metadata_json @> $3::jsonb
        ORDER BY created_at DESC, uuid
        LIMIT $4`,
      [values.workflow ?? null, values.state ?? null, JSON.stringify(metadata), limit],
    );
    return result.rows;
  });
  if (out.json) {
    out.printJson(rows.map(instanceJson));
    return EXIT.ok;
  }
  if (rows.length === 0) {
    out.write("No instances found.");
    return EXIT.ok;
  }
  out.write(
    table(
      ["UUID", "WORKFLOW", "STATE", "VERSION", "EXPIRES AT", "UPDATED AT"],
      rows.map((row) => [
        row.uuid,
        row.workflow_name,
        row.current_state,
        String(row.version),
        iso(row.expires_at) ?? "",
        iso(row.updated_at) ?? "",
      ]),
    ),
  );
  return EXIT.ok;
}

// ---------------------------------------------------------------- instance show

const SHOW_HELP = `Usage:
  duraflows instance show <uuid> [--definitions FILE]

Shows one instance: state, context, metadata, deadline, timeout retries, the durable execution holding it,
and the events its current state defines (guards are named, not evaluated). The definition comes from
--definitions, else from the versions stored in workflow_definitions.

Options:
  --definitions FILE   module or JSON file exporting the workflow definition
  --database-url URL   PostgreSQL connection string (default: $DATABASE_URL)
  --json               print one JSON document
  -h, --help           show this help

Examples:
  duraflows instance show 0f8c3c1e-5b7e-4f7a-9d2b-2f0d6f1f8a11
  duraflows instance show 0f8c3c1e-5b7e-4f7a-9d2b-2f0d6f1f8a11 --definitions dist/workflows.js --json`;

async function findDefinition(
  pool: Pool,
  row: InstanceRow,
  path: string | undefined,
): Promise<WorkflowDefinition | undefined> {
  if (path !== undefined) {
    const loaded = await loadDefinitions([path]);
    return loaded.find((entry) => entry.definition.name === row.workflow_name)?.definition;
  }
  const stored = await pool.query<{ definition_json: WorkflowDefinition }>(
    `SELECT definition_json FROM workflow_definitions
      WHERE workflow_name = $1 AND ($2::int IS NULL OR version = $2)
      ORDER BY version DESC LIMIT 1`,
    [row.workflow_name, row.definition_version],
  );
  return stored.rows[0]?.definition_json;
}

function eventsOf(definition: WorkflowDefinition | undefined, state: string) {
  const events = definition?.states[state]?.events ?? {};
  return Object.entries(events).map(([name, event]) => ({
    eventName: name,
    targetState: event.targetState ?? null,
    guard: event.guard?.name ?? null,
    timeout: event.timeout !== undefined,
  }));
}

async function showInstance(argv: string[], context: CommandContext): Promise<number> {
  const { values, positionals: rest } = parse(argv, { definitions: { type: "string" } });
  const out = context.output(values.json);
  if (values.help) {
    out.write(SHOW_HELP);
    return EXIT.ok;
  }
  const [, uuid] = positionals(rest, ["show", "uuid"]);
  uuidArgument(uuid!);
  const shown = await withDatabase(values["database-url"], context.env, async (pool) => {
    const { rows } = await pool.query<
      InstanceRow & {
        timeout_attempts: number;
        timeout_last_error: string | null;
        timeout_retry_at: Date | null;
      }
    >(`SELECT * FROM workflow_instances WHERE uuid = $1`, [uuid]);
    const row = rows[0];
    if (!row)
      throw new CommandError(
        `Workflow instance "${uuid}" not found`,
        "List instances with `duraflows instances list`.",
      );
    const definition = await findDefinition(pool, row, values.definitions);
    let execution: { uuid: string; status: string; eventName: string } | null = null;
    if ((await optionalTables(pool)).durableExecution) {
      const active = await pool.query<{ uuid: string; status: string; event_name: string }>(
        `SELECT uuid, status, execution_json ->> 'eventName' AS event_name FROM workflow_executions
          WHERE workflow_instance_uuid = $1 AND status IN ('pending', 'running', 'parked') LIMIT 1`,
        [uuid],
      );
      const found = active.rows[0];
      if (found) execution = { uuid: found.uuid, status: found.status, eventName: found.event_name };
    }
    return {
      ...instanceJson(row),
      context: row.context_json,
      timeoutRetry:
        row.timeout_attempts > 0
          ? {
              attempts: row.timeout_attempts,
              lastError: row.timeout_last_error,
              retryAt: iso(row.timeout_retry_at),
              parkedAt: iso(row.timeout_parked_at),
            }
          : null,
      activeExecution: execution,
      definitionFound: definition !== undefined,
      availableEvents: eventsOf(definition, row.current_state),
    };
  });
  if (out.json) {
    out.printJson(shown);
    return EXIT.ok;
  }
  const lines = [
    `${out.bold("Instance")}   ${shown.uuid}`,
    `Workflow   ${shown.workflowName}${shown.definitionVersion !== null ? ` (definition version ${shown.definitionVersion})` : ""}`,
    `State      ${out.bold(shown.currentState)}  (row version ${shown.version})`,
    `Expires    ${shown.expiresAt ?? "-"}`,
    `Updated    ${shown.updatedAt}`,
    `Metadata   ${JSON.stringify(shown.metadata)}`,
    `Context    ${JSON.stringify(shown.context)}`,
  ];
  if (shown.timeoutRetry)
    lines.push(
      `Timeout    ${shown.timeoutRetry.attempts} failed attempt(s), last error: ${shown.timeoutRetry.lastError ?? "-"}${shown.timeoutRetry.parkedAt ? out.red(" (parked)") : ""}`,
    );
  if (shown.activeExecution)
    lines.push(
      `Execution  ${shown.activeExecution.uuid} ${shown.activeExecution.status} (${shown.activeExecution.eventName})`,
    );
  if (!shown.definitionFound) lines.push(out.dim("Events     unknown (pass --definitions to list them)"));
  else if (shown.availableEvents.length === 0) lines.push("Events     none (final state)");
  else {
    lines.push("Events");
    for (const event of shown.availableEvents) {
      const notes = [event.guard ? `guard ${event.guard}` : "", event.timeout ? "timeout" : ""]
        .filter(Boolean)
        .join(", ");
      lines.push(
        `  ${event.eventName} → ${event.targetState ?? "(stays)"}${notes ? out.dim(` [${notes}]`) : ""}`,
      );
    }
  }
  out.write(lines.join("\n"));
  return EXIT.ok;
}

// ---------------------------------------------------------------- history

const HISTORY_HELP = `Usage:
  duraflows history <uuid> [--limit N]
${PRUNE_USAGE}
${PARTITION_USAGE}

Prints the transitions of an instance, oldest first. \`history prune\` deletes old history rows;
\`history partition\` partitions the table by time and \`history partitions\` maintains its partitions: see
each one's --help.

Options:
  --limit N            the last N transitions only (default: all)
  --database-url URL   PostgreSQL connection string (default: $DATABASE_URL)
  --json               print a JSON array
  -h, --help           show this help

Examples:
  duraflows history 0f8c3c1e-5b7e-4f7a-9d2b-2f0d6f1f8a11
  duraflows history 0f8c3c1e-5b7e-4f7a-9d2b-2f0d6f1f8a11 --limit 5 --json`;

async function history(argv: string[], context: CommandContext): Promise<number> {
  if (argv[0] === "prune") return historyPrune(argv.slice(1), context);
  if (argv[0] === "partition") return historyPartition(argv.slice(1), context);
  if (argv[0] === "partitions") return historyPartitions(argv.slice(1), context);
  const { values, positionals: rest } = parse(argv, { limit: { type: "string" } });
  const out = context.output(values.json);
  if (values.help) {
    out.write(HISTORY_HELP);
    return EXIT.ok;
  }
  const [uuid] = positionals(rest, ["uuid"]);
  uuidArgument(uuid!);
  const limit = intOption("limit", values.limit, 1) ?? null;
  const rows = await withDatabase(values["database-url"], context.env, async (pool) => {
    const exists = await pool.query(`SELECT 1 FROM workflow_instances WHERE uuid = $1`, [uuid]);
    if (exists.rowCount === 0) throw new CommandError(`Workflow instance "${uuid}" not found`);
    const result = await pool.query<{
      uuid: string;
      from_state: string | null;
      event_name: string;
      to_state: string;
      outcome: string;
      rejected_by: string | null;
      error_message: string | null;
      trigger_metadata_json: Record<string, unknown>;
      created_at: Date;
    }>(
      // seq is the write order; created_at ties for every row one transaction wrote (an event and its hops).
      `SELECT * FROM (
         SELECT * FROM workflow_history WHERE workflow_instance_uuid = $1
          ORDER BY seq DESC LIMIT $2
       ) newest ORDER BY seq`,
      [uuid, limit],
    );
    return result.rows.map((row) => ({
      uuid: row.uuid,
      createdAt: iso(row.created_at),
      fromState: row.from_state,
      eventName: row.event_name,
      toState: row.to_state,
      outcome: row.outcome,
      rejectedBy: row.rejected_by,
      errorMessage: row.error_message,
      triggerMetadata: row.trigger_metadata_json,
    }));
  });
  if (out.json) {
    out.printJson(rows);
    return EXIT.ok;
  }
  if (rows.length === 0) {
    out.write("No transitions yet.");
    return EXIT.ok;
  }
  out.write(
    table(
      ["AT", "FROM", "EVENT", "TO", "OUTCOME"],
      rows.map((row) => [
        row.createdAt ?? "",
        row.fromState ?? "",
        row.eventName,
        row.toState,
        row.outcome === "success"
          ? out.green(row.outcome)
          : out.red(row.outcome + (row.rejectedBy ? ` (${row.rejectedBy})` : "")),
      ]),
    ),
  );
  return EXIT.ok;
}

// ---------------------------------------------------------------- trigger

const TRIGGER_HELP = `Usage:
  duraflows trigger <uuid> <event> --definitions FILE [--commands FILE] [--payload JSON] [--idempotency-key KEY]

Fires an event on an instance, running its commands in this process (from --commands), exactly like
runtime.triggerEvent. Exits 1 when the event is rejected or a mandatory command fails without an error route.

Options:
  --definitions FILE      module or JSON file exporting the workflow definitions
  --commands FILE         module exporting \`commands\` (name → handler) and \`guards\`
  --payload JSON          the event's subject, as JSON
  --idempotency-key KEY   replays return the first result instead of firing again
  --database-url URL      PostgreSQL connection string (default: $DATABASE_URL)
  --json                  print the execution result as JSON
  -h, --help              show this help

Examples:
  duraflows trigger 0f8c3c1e-5b7e-4f7a-9d2b-2f0d6f1f8a11 Pay --definitions dist/workflows.js --commands dist/commands.js
  duraflows trigger 0f8c3c1e-5b7e-4f7a-9d2b-2f0d6f1f8a11 Cancel --definitions order.json --payload '{"reason":"late"}' --json`;

async function trigger(argv: string[], context: CommandContext): Promise<number> {
  const { values, positionals: rest } = parse(argv, {
    definitions: { type: "string" },
    commands: { type: "string" },
    payload: { type: "string" },
    "idempotency-key": { type: "string" },
  });
  const out = context.output(values.json);
  if (values.help) {
    out.write(TRIGGER_HELP);
    return EXIT.ok;
  }
  const [uuid, eventName] = positionals(rest, ["uuid", "event"]);
  uuidArgument(uuid!);
  if (values.definitions === undefined)
    throw new CommandError(
      "trigger needs --definitions FILE",
      "Point it at the module exporting the workflow definition.",
    );
  const payload = jsonOption("payload", values.payload);
  const result = await withDatabase(values["database-url"], context.env, async (pool) => {
    const runtime = await buildRuntime(pool, { definitions: values.definitions, commands: values.commands });
    return runtime.triggerEvent({
      workflowInstanceUuid: uuid!,
      eventName: eventName!,
      ...(payload !== undefined ? { subject: payload } : {}),
      ...(values["idempotency-key"] !== undefined ? { idempotencyKey: values["idempotency-key"] } : {}),
      triggerMetadata: { source: "cli" },
    });
  });
  const ok = result.outcome === "success";
  if (out.json) out.printJson(result);
  else {
    out.write(
      `${ok ? out.green(result.outcome) : out.red(result.outcome)}: ${result.fromState} → ${result.toState}${result.rejectedBy ? ` (rejected by ${result.rejectedBy})` : ""}`,
    );
    for (const command of result.commandResults) {
      const detail = [command.code, command.message].filter(Boolean).join(" ");
      out.write(`  command ${command.ok ? out.green("ok") : out.red("failed")}${detail ? ` ${detail}` : ""}`);
    }
  }
  return ok ? EXIT.ok : EXIT.failure;
}

// ---------------------------------------------------------------- exports

/** `duraflows instances list`. */
export const instancesCommand: Command = {
  name: "instances",
  summary: "list workflow instances, purge finished ones (instances list|purge)",
  help: LIST_HELP,
  run: listInstances,
};

/** `duraflows instance show`. */
export const instanceCommand: Command = {
  name: "instance",
  summary: "show one instance with its context and events (instance show)",
  help: SHOW_HELP,
  run: showInstance,
};

/** `duraflows history`. */
export const historyCommand: Command = {
  name: "history",
  summary: "print the transitions of an instance; prune or partition the history table",
  help: HISTORY_HELP,
  run: history,
};

/** `duraflows trigger`. */
export const triggerCommand: Command = {
  name: "trigger",
  summary: "fire an event on an instance",
  help: TRIGGER_HELP,
  run: trigger,
};
