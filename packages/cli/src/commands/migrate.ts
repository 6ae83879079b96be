import type { Pool } from "pg";
import { migrate, migrateDown, migrationStatus, pgMigrations, type MigrationStepEvent } from "@duraflows/pg";
import { intOption, parse, positionals } from "../args.js";
import { EXIT, UsageError } from "../cli-error.js";
import type { Command, CommandContext } from "../command.js";
import { databaseUrl, openPool } from "../database.js";
import { table, type Output } from "../output.js";

const HELP = `Usage:
  duraflows migrate up [--to N] [--no-idempotency] [--no-durable-execution]
  duraflows migrate status
  duraflows migrate down --to N
  duraflows migrate sql [--from N] [--to N] [--down]

Applies the duraflows schema (the same steps as the dbmate files 001…008 of @duraflows/pg), recording each
step in the table duraflows_migrations. Every step runs in its own transaction; concurrent runs wait for
each other. A schema created earlier with dbmate or generateMigrationSql() is adopted: its steps are recorded,
nothing is re-created. The tables go to the first schema of the connection's search_path.

Options:
  --database-url URL         PostgreSQL connection string (default: $DATABASE_URL)
  --to N                     up: stop after version N; down: revert every step above N (0 = all)
  --from N                   sql: first version to print (default 1)
  --down                     sql: print the down SQL, newest first
  --no-idempotency           up/status: leave out workflow_event_idempotency (step 7)
  --no-durable-execution     up/status: leave out workflow_executions (step 8)
  --json                     print one JSON document
  -h, --help                 show this help

Examples:
  duraflows migrate up --database-url postgres://app@localhost:5432/app
  DATABASE_URL=postgres://app@localhost/app duraflows migrate status --json
  duraflows migrate down --to 6
  duraflows migrate sql > duraflows.sql`;

const OPTIONS = {
  to: { type: "string" },
  from: { type: "string" },
  down: { type: "boolean", default: false },
  "no-idempotency": { type: "boolean", default: false },
  "no-durable-execution": { type: "boolean", default: false },
} as const;

function progress(out: Output) {
  return (event: MigrationStepEvent) => {
    if (out.json) return;
    const label = `${String(event.version).padStart(3, "0")}_${event.name}`;
    const verb = event.direction === "up" ? "applying" : "reverting";
    if (out.interactive) {
      if (event.phase === "start") out.progress(event.index - 1, event.total, `${verb} ${label}`);
      else out.progress(event.index, event.total, `done ${label}`);
      return;
    }
    if (event.phase === "start") out.write(`[${event.index}/${event.total}] ${verb} ${label} …`);
    else out.write(`[${event.index}/${event.total}] ${out.green("done")} ${label}`);
  };
}

async function withPool<T>(url: string, work: (pool: Pool) => Promise<T>): Promise<T> {
  const pool = await openPool(url);
  try {
    return await work(pool);
  } finally {
    await pool.end();
  }
}

async function run(argv: string[], context: CommandContext): Promise<number> {
  const { values, positionals: rest } = parse(argv, OPTIONS);
  const out = context.output(values.json);
  if (values.help) {
    out.write(HELP);
    return EXIT.ok;
  }
  const [action] = positionals(rest, ["up|status|down|sql"]);
  const features = {
    idempotency: !values["no-idempotency"],
    durableExecution: !values["no-durable-execution"],
  };
  const latest = pgMigrations().at(-1)!.version;
  const to = intOption("to", values.to);
  if (to !== undefined && to > latest) throw new UsageError(`--to must be at most ${latest}, got ${to}`);

  switch (action) {
    case "sql": {
      const from = intOption("from", values.from, 1) ?? 1;
      const steps = pgMigrations().filter((step) => step.version >= from && step.version <= (to ?? latest));
      const ordered = values.down ? [...steps].reverse() : steps;
      if (out.json) {
        out.printJson(
          ordered.map((step) => ({
            version: step.version,
            file: step.file,
            sql: values.down ? step.down : step.up,
          })),
        );
      } else {
        out.write(
          ordered
            .map(
              (step) =>
                `-- ${step.file} (${values.down ? "down" : "up"})\n${values.down ? step.down : step.up}`,
            )
            .join("\n"),
        );
      }
      return EXIT.ok;
    }
    case "up": {
      const result = await withPool(databaseUrl(values["database-url"], context.env), (pool) =>
        migrate(pool, { ...features, to, onStep: progress(out) }).finally(() => out.endProgress()),
      );
      if (out.json) {
        out.printJson(result);
        return EXIT.ok;
      }
      for (const entry of result.adopted)
        out.write(`adopted ${String(entry.version).padStart(3, "0")} (${entry.source})`);
      out.write(
        result.applied.length === 0 && result.adopted.length === 0
          ? `Schema is up to date (version ${result.current}).`
          : `Schema at version ${result.current}: ${result.applied.length} applied, ${result.adopted.length} adopted.`,
      );
      return EXIT.ok;
    }
    case "down": {
      if (to === undefined) throw new UsageError("migrate down needs --to N (0 reverts every step)");
      const result = await withPool(databaseUrl(values["database-url"], context.env), (pool) =>
        migrateDown(pool, { to, onStep: progress(out) }).finally(() => out.endProgress()),
      );
      if (out.json) out.printJson(result);
      else out.write(`Schema at version ${result.current}: ${result.reverted.length} reverted.`);
      return EXIT.ok;
    }
    case "status": {
      const status = await withPool(databaseUrl(values["database-url"], context.env), (pool) =>
        migrationStatus(pool, features),
      );
      if (out.json) {
        out.printJson(status);
        return status.unknown.length > 0 ? EXIT.failure : EXIT.ok;
      }
      const paint = (state: string) =>
        state === "applied" ? out.green(state) : state === "pending" ? out.yellow(state) : out.dim(state);
      out.write(
        table(
          ["VERSION", "NAME", "STATE", "SOURCE", "APPLIED AT"],
          status.entries.map((entry) => [
            String(entry.version).padStart(3, "0"),
            entry.name,
            paint(entry.state) + (entry.checksumMatches === false ? out.red(" (edited since applied)") : ""),
            entry.source ?? "",
            entry.appliedAt ? entry.appliedAt.toISOString() : "",
          ]),
        ),
      );
      const pending = status.entries.filter(
        (entry) => entry.state === "pending" || entry.state === "adoptable",
      ).length;
      out.write(
        `\nPostgreSQL ${Math.floor(status.serverVersion / 10000)}; schema version ${status.current} of ${status.latest}` +
          (pending > 0 ? `; ${pending} to apply or adopt with \`duraflows migrate up\`.` : "."),
      );
      if (status.unknown.length > 0) {
        out.error(
          out.red(
            `The database has versions this CLI does not know: ${status.unknown.join(", ")}. Upgrade @duraflows/cli.`,
          ),
        );
        return EXIT.failure;
      }
      return EXIT.ok;
    }
    default:
      throw new UsageError(`unknown migrate action "${action}" (expected up, status, down or sql)`);
  }
}

/** `duraflows migrate`. */
export const migrateCommand: Command = {
  name: "migrate",
  summary: "apply, inspect, revert or print the PostgreSQL schema",
  help: HELP,
  run,
};
