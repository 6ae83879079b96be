import {
  InMemoryCommandRegistry,
  InMemoryDefinitionRegistry,
  WorkflowCompiler,
  WorkflowRuntime,
  WorkflowValidator,
  type WorkflowClock,
} from "@duraflows/core";
import { generateMigrationSql, pgWorkflowProviders } from "@duraflows/pg";
import pg from "pg";
import { assignInvoiceNumber, sendPaymentReminder } from "./commands.js";
import { invoiceWorkflow } from "./invoice-workflow.js";
import { createScratchDatabase } from "./scratch-database.js";

const serverUrl = process.env["DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/postgres";

// Real time plus an offset we can move, so the 30-day timeout fires within the run.
let offsetMs = 0;
const clock: WorkflowClock = { now: () => new Date(Date.now() + offsetMs) };

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

async function run(pool: pg.Pool): Promise<void> {
  // Schema: the generated DDL (the dbmate files in @duraflows/pg's sql/ folder are the alternative).
  await pool.query(generateMigrationSql({ includeIdempotency: true }).up);
  await pool.query("CREATE SEQUENCE invoice_numbers");

  const definitionRegistry = new InMemoryDefinitionRegistry({
    validator: new WorkflowValidator(),
    compiler: new WorkflowCompiler(),
  });
  definitionRegistry.register(invoiceWorkflow);
  const commandRegistry = new InMemoryCommandRegistry();
  commandRegistry.register("assignInvoiceNumber", assignInvoiceNumber(pool));
  commandRegistry.register("sendPaymentReminder", sendPaymentReminder);

  const runtime = new WorkflowRuntime({
    definitionRegistry,
    commandRegistry,
    clock,
    ...pgWorkflowProviders(pool, { idempotency: true, lockTimeoutMs: 5_000 }),
  });

  // Paid on time; the payment webhook is delivered twice and the second call replays the stored receipt.
  const first = await runtime.createInstance({
    workflowName: "invoice",
    metadata: { customerEmail: "ada@example.com" },
  });
  const firstHandle = runtime.getHandle(first.uuid);
  await firstHandle.triggerEvent("Issue");
  const paid = await firstHandle.triggerEvent("Pay", { idempotencyKey: "payment-7781" });
  const replay = await firstHandle.triggerEvent("Pay", { idempotencyKey: "payment-7781" });
  check(replay.historyUuid === paid.historyUuid, "the second webhook should replay the first result");
  console.log(`invoice ${first.uuid}: ${paid.fromState} -> ${paid.toState}, duplicate webhook replayed`);

  // Never paid: 30 days later a sweep moves it to overdue and the onEnter reminder runs.
  const second = await runtime.createInstance({
    workflowName: "invoice",
    metadata: { customerEmail: "bob@example.com" },
  });
  await runtime.getHandle(second.uuid).triggerEvent("Issue");
  offsetMs += 30 * 86_400_000 + 60_000;
  const sweep = await runtime.processExpiredWorkflows({ limit: 50 });
  console.log(`sweep: processed ${sweep.processed}, failed ${sweep.failed.length}`);
  const overdue = await runtime.getInstance(second.uuid);
  check(overdue?.currentState === "overdue", `expected overdue, got ${overdue?.currentState}`);
  console.log(`invoice ${second.uuid}: overdue, context`, overdue?.context);

  const { rows } = await pool.query<{ current_state: string; n: string }>(
    "SELECT current_state, count(*)::text AS n FROM workflow_instances GROUP BY current_state ORDER BY 1",
  );
  console.log("rows in workflow_instances:", rows.map((row) => `${row.current_state}=${row.n}`).join(", "));
  for (const record of await runtime.getHistory(second.uuid)) {
    console.log(
      `  history: ${record.fromState} --${record.eventName}--> ${record.toState} [${record.outcome}]`,
    );
  }
}

const database = await createScratchDatabase(serverUrl);
console.log(`using scratch database ${database.name}`);
const pool = new pg.Pool({ connectionString: database.url });
try {
  await run(pool);
  console.log("pg-service finished");
} finally {
  await pool.end();
  await database.drop();
}
