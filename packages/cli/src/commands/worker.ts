import { startWorker, type WorkerPassReport } from "@duraflows/core";
import { createPgWakeSource } from "@duraflows/pg";
import { intOption, parse, positionals } from "../args.js";
import { CommandError, EXIT, UsageError } from "../cli-error.js";
import type { Command, CommandContext } from "../command.js";
import { databaseUrl, openPool } from "../database.js";
import { buildRuntime, optionalTables } from "../runtime.js";

const HELP = `Usage:
  duraflows worker --definitions FILE --commands FILE [--interval MS] [--batch N] [--no-timeouts] [--no-executions]
                   [--no-outbox] [--no-listen]

Runs the timeout sweeper, the durable-execution worker and the outbox relay (core's startWorker) with your
definitions, command handlers and observers until SIGTERM or SIGINT, then finishes the batch in flight and
exits 0. Prints one health line per pass. Run as many workers as you like: they claim rows with locks and never
process one twice at the same time. The worker LISTENs for wake-ups on a connection of its own and starts a
pass at once when work is enqueued; polling at --interval stays as the fallback.

Options:
  --definitions FILE   module or JSON file exporting the workflow definitions
  --commands FILE      module exporting \`commands\` (name → handler), \`guards\` and \`observers\`
  --interval MS        milliseconds between passes (default 1000)
  --batch N            limit of each sweep and each execution pass (default 100)
  --no-timeouts        do not sweep timeouts
  --no-executions      do not run durable executions (also off when workflow_executions is missing)
  --no-outbox          do not relay the outbox (also off when workflow_outbox is missing); the relay delivers
                       the rows of the observers with delivery "outbox" in the --commands module's \`observers\`
  --no-listen          poll only: no LISTEN connection (needed behind a pooler in transaction mode)
  --database-url URL   PostgreSQL connection string (default: $DATABASE_URL)
  --json               health lines as JSON (one object per line)
  -h, --help           show this help

Examples:
  duraflows worker --definitions dist/workflows.js --commands dist/commands.js
  NODE_OPTIONS='--import tsx' duraflows worker --definitions src/workflows.ts --commands src/commands.ts --interval 5000`;

function summary(report: WorkerPassReport) {
  return {
    at: new Date().toISOString(),
    timeouts: report.timeouts
      ? {
          processed: report.timeouts.processed,
          failed: report.timeouts.failed.length,
          parked: report.timeouts.parked.length,
        }
      : null,
    outbox: report.outbox
      ? { delivered: report.outbox.delivered, retried: report.outbox.retried, parked: report.outbox.parked }
      : null,
    executions: report.executions
      ? {
          processed: report.executions.processed,
          completed: report.executions.completed.length,
          retrying: report.executions.retrying.length,
          parked: report.executions.parked.length,
          failed: report.executions.failed.length,
        }
      : null,
    errors: report.errors.map((entry) => ({
      loop: entry.loop,
      message: entry.error instanceof Error ? entry.error.message : String(entry.error),
    })),
  };
}

async function run(argv: string[], context: CommandContext): Promise<number> {
  const { values, positionals: rest } = parse(argv, {
    definitions: { type: "string" },
    commands: { type: "string" },
    interval: { type: "string" },
    batch: { type: "string" },
    "no-timeouts": { type: "boolean", default: false },
    "no-executions": { type: "boolean", default: false },
    "no-outbox": { type: "boolean", default: false },
    "no-listen": { type: "boolean", default: false },
  });
  const out = context.output(values.json);
  if (values.help) {
    out.write(HELP);
    return EXIT.ok;
  }
  positionals(rest, []);
  if (values.definitions === undefined) throw new UsageError("worker needs --definitions FILE");
  const intervalMs = intOption("interval", values.interval, 1) ?? 1000;
  const limit = intOption("batch", values.batch, 1) ?? 100;
  // Listen before connecting, so a signal during start-up also ends in a clean exit 0.
  const stopping = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (!out.json) out.error(`${signal} received: finishing the pass in flight…`);
    stopping.abort();
  };
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
  let pool: Awaited<ReturnType<typeof openPool>> | undefined;
  let wake: ReturnType<typeof createPgWakeSource> | undefined;
  try {
    const url = databaseUrl(values["database-url"], context.env);
    pool = await openPool(url);
    const runtime = await buildRuntime(pool, { definitions: values.definitions, commands: values.commands });
    const executions = !values["no-executions"] && (await optionalTables(pool)).durableExecution;
    const timeouts = !values["no-timeouts"];
    // Without outbox observers in the --commands module a relay pass claims nothing (one cheap call).
    const outbox = !values["no-outbox"] && (await optionalTables(pool)).outbox;
    if (!timeouts && !executions && !outbox) {
      throw new CommandError(
        "Nothing to run: timeouts are off and durable executions are off or not migrated",
      );
    }
    if (!values["no-listen"]) {
      wake = createPgWakeSource(url, {
        onError: (error) => {
          if (!out.json)
            out.error(`wake-up listener: ${error instanceof Error ? error.message : String(error)}`);
        },
      });
    }
    const worker = startWorker(runtime, {
      timeouts: timeouts ? { limit } : false,
      executions: executions ? { limit } : false,
      outbox: outbox ? { limit } : false,
      ...(wake ? { wake } : {}),
      intervalMs,
      signal: stopping.signal,
      onError: () => undefined, // reported in the pass's health line
      onPass: (report) => {
        const line = summary(report);
        if (out.json) {
          out.write(JSON.stringify(line));
          return;
        }
        const parts = [
          line.timeouts
            ? `timeouts ${line.timeouts.processed} processed, ${line.timeouts.failed} failed`
            : "",
          line.executions
            ? `executions ${line.executions.processed} processed, ${line.executions.completed} completed, ${line.executions.parked} parked`
            : "",
          line.outbox
            ? `outbox ${line.outbox.delivered} delivered, ${line.outbox.retried} retried, ${line.outbox.parked} parked`
            : "",
          ...line.errors.map((error) => out.red(`${error.loop} error: ${error.message}`)),
        ].filter(Boolean);
        out.write(`${line.at} ${parts.join("; ")}`);
      },
    });
    if (!out.json) {
      out.write(
        `worker started (pid ${process.pid}): ${[timeouts ? "timeouts" : "", executions ? "executions" : "", outbox ? "outbox" : ""].filter(Boolean).join(" + ")}, every ${intervalMs} ms, batch ${limit}${wake ? ", listening" : ""}`,
      );
    }
    await worker.stopped;
    if (out.json) out.write(JSON.stringify({ at: new Date().toISOString(), stopped: true }));
    else out.write("worker stopped");
    return EXIT.ok;
  } finally {
    process.off("SIGTERM", onSignal);
    process.off("SIGINT", onSignal);
    await wake?.close();
    await pool?.end();
  }
}

/** `duraflows worker`. */
export const workerCommand: Command = {
  name: "worker",
  summary: "run the timeout sweeper, durable-execution worker and outbox relay until SIGTERM",
  help: HELP,
  run,
};
