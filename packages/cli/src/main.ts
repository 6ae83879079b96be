import { WorkflowError } from "@duraflows/core";
import { CommandError, EXIT, UsageError } from "./cli-error.js";
import type { Command, CommandContext } from "./command.js";
import { commands } from "./commands/index.js";
import { describeDatabaseError } from "./database-error.js";
import { createOutput } from "./output.js";

const ERROR_HINTS: Record<string, string> = {
  WorkflowInstanceNotFoundError: "Check the uuid with `duraflows instances list --workflow <name>`.",
  InvalidEventError: "List the events the instance accepts with `duraflows instance show <uuid>`.",
  WorkflowInstanceBusyError: "A durable execution holds the instance: see `duraflows executions list`.",
  IdempotencyConflictError: "Use a new --idempotency-key, or repeat the original payload.",
  DurableExecutionNotSupportedError: "Run `duraflows migrate up` so the workflow_executions table exists.",
  WorkflowDefinitionError: "Run `duraflows validate <module>` to see every problem.",
};

function overview(): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return `Usage: duraflows <command> [options]

Commands:
${commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`).join("\n")}

Every command accepts --database-url (default: $DATABASE_URL), --json and --help.
Exit codes: 0 success, 1 failure, 2 usage error.

Examples:
  duraflows migrate up
  duraflows validate ./dist/workflows.js
  duraflows instance show 0f8c3c1e-5b7e-4f7a-9d2b-2f0d6f1f8a11 --json
  duraflows help worker`;
}

/** Runs `duraflows` with `argv` (the arguments after the program name); resolves with the exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const json = argv.includes("--json");
  const context: CommandContext = { env, output: (asJson) => createOutput(asJson) };
  const out = createOutput(json);
  const [name, ...rest] = argv;
  let command: Command | undefined;
  try {
    if (name === undefined || name === "--help" || name === "-h") {
      out.write(overview());
      return name === undefined ? EXIT.usage : EXIT.ok;
    }
    if (name === "--version" || name === "-v") {
      out.write(VERSION);
      return EXIT.ok;
    }
    if (name === "help") {
      const target = commands.find((candidate) => candidate.name === rest[0]);
      out.write(target ? target.help : overview());
      return target || rest[0] === undefined ? EXIT.ok : EXIT.usage;
    }
    command = commands.find((candidate) => candidate.name === name);
    if (!command) throw new UsageError(`unknown command "${name}"`);
    return await command.run(rest, context);
  } catch (error) {
    return report(error, out, command);
  }
}

function report(error: unknown, out: ReturnType<typeof createOutput>, command: Command | undefined): number {
  const emit = (kind: string, message: string, hint: string | undefined, code: number) => {
    if (out.json) out.error(JSON.stringify({ error: { kind, message, ...(hint ? { hint } : {}) } }));
    else {
      out.error(`${out.red("error:")} ${message}`);
      if (hint) out.error(`${out.dim("hint:")} ${hint}`);
    }
    return code;
  };
  if (error instanceof UsageError) {
    const usage = command
      ? `Run \`duraflows help ${command.name}\` for usage.`
      : "Run `duraflows --help` for the commands.";
    return emit("usage", error.message, usage, EXIT.usage);
  }
  if (error instanceof CommandError) return emit("failure", error.message, error.hint, EXIT.failure);
  if (error instanceof WorkflowError) {
    const hint = (error as { hint?: unknown }).hint;
    return emit(
      error.name,
      error.message,
      typeof hint === "string" ? hint : ERROR_HINTS[error.name],
      EXIT.failure,
    );
  }
  const database = describeDatabaseError(error);
  if (database) return emit("database", database.message, database.hint, EXIT.failure);
  // Anything else is a bug or an unexpected driver failure: keep the stack for the report.
  out.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  return EXIT.failure;
}

declare const __CLI_VERSION__: string | undefined;
const VERSION = typeof __CLI_VERSION__ === "string" ? __CLI_VERSION__ : "0.0.0-dev";
