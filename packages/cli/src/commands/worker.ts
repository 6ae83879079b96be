import { startWorker, type WorkerPassReport } from "@duraflows/core";
import { intOption, parse, positionals } from "../args.js";
import { CommandError, EXIT, UsageError } from "../cli-error.js";
import type { Command, CommandContext } from "../command.js";
import { databaseUrl, openPool } from "../database.js";
import { buildRuntime, optionalTables } from "../runtime.js";

const HELP = `Usage:
  duraflows worker --definitions FILE --commands FILE [--interval MS] [--batch N] [--no-timeouts] [--no-executions]

Runs the timeout sweeper and the durable-execution worker (core's startWorker) with your definitions and
command handlers until SIGTERM or SIGINT, then finishes the batch in flight and exits 0. Prints one health line
per pass. Run as many workers as you like: they claim rows with locks and never process one twice.

Options:
  --definitions FILE   module or JSON file exporting the workflow definitions
  --commands FILE      module exporting \`commands\` (name → handler) and \`guards\`
  --interval MS        milliseconds between passes (default 1000)
  --batch N            limit of each sweep and each execution pass (default 100)
  --no-timeouts        do not sweep timeouts
  --no-executions      do not run durable executions (also off when workflow_executions is missing)
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
  try {
    pool = await openPool(databaseUrl(values["database-url"], context.env));
    const runtime = await buildRuntime(pool, { definitions: values.definitions, commands: values.commands });
    const executions = !values["no-executions"] && (await optionalTables(pool)).durableExecution;
    const timeouts = !values["no-timeouts"];
    if (!timeouts && !executions) {
      throw new CommandError(
        "Nothing to run: timeouts are off and durable executions are off or not migrated",
      );
    }
    const worker = startWorker(runtime, {
      timeouts: timeouts ? { limit } : false,
      executions: executions ? { limit } : false,
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
          ...line.errors.map((error) => out.red(`${error.loop} error: ${error.message}`)),
        ].filter(Boolean);
        out.write(`${line.at} ${parts.join("; ")}`);
      },
    });
    if (!out.json) {
      out.write(
        `worker started (pid ${process.pid}): ${[timeouts ? "timeouts" : "", executions ? "executions" : ""].filter(Boolean).join(" + ")}, every ${intervalMs} ms, batch ${limit}`,
      );
    }
    await worker.stopped;
    if (out.json) out.write(JSON.stringify({ at: new Date().toISOString(), stopped: true }));
    else out.write("worker stopped");
    return EXIT.ok;
  } finally {
    process.off("SIGTERM", onSignal);
    process.off("SIGINT", onSignal);
    await pool?.end();
  }
}

/** `duraflows worker`. */
export const workerCommand: Command = {
  name: "worker",
  summary: "run the timeout sweeper and durable-execution worker until SIGTERM",
  help: HELP,
  run,
};
