import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  InMemoryCommandRegistry,
  InMemoryDefinitionRegistry,
  WorkflowCompiler,
  WorkflowRuntime,
  WorkflowValidator,
} from "@duraflows/core";
import { serveDashboard } from "./dashboard-server.js";
import { DemoClock } from "./demo-clock.js";
import type { DemoBackend } from "./backend.js";
import { openPgBackend } from "./backend-pg.js";
import { openPgliteBackend } from "./backend-pglite.js";
import { writeDiagramFiles } from "./diagram-files.js";
import { notifyCustomer, sendOrderToWarehouse } from "./order-commands.js";
import { orderWorkflow } from "./order-workflow.js";
import {
  bold,
  dim,
  formatTime,
  green,
  heading,
  line,
  printContext,
  printInstance,
  printTable,
  printWholeContext,
  red,
} from "./print.js";
import { expectState, ObserverLog, printHistory, step, sweep } from "./steps.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

async function openBackend(): Promise<DemoBackend> {
  const url = process.env["DATABASE_URL"];
  return url ? openPgBackend(url) : openPgliteBackend(join(repoRoot, ".demo-data", "pglite"));
}

interface EarlierRuns {
  count: number;
  /** Orders an earlier run left in export_failed, oldest first. */
  failedExports: { uuid: string; orderId: string }[];
}

async function showEarlierRuns(backend: DemoBackend): Promise<EarlierRuns> {
  heading("Instances already in the database");
  const rows = (await backend.listInstances()).filter((row) => row.workflowName === orderWorkflow.name);
  if (rows.length === 0) {
    line(
      "None yet: this is the first run. Run `pnpm demo` again and the orders created below will be listed here.",
    );
    return { count: 0, failedExports: [] };
  }
  const shown = rows.slice(-10);
  printTable(
    ["uuid", "state", "version", "created", "order", "context keys"],
    shown.map((row) => [
      row.uuid,
      row.currentState,
      row.version,
      row.createdAt,
      row.context["orderId"],
      Object.keys(row.context).length,
    ]),
  );
  if (rows.length > shown.length) line(dim(`(${rows.length - shown.length} older instances not shown)`));
  line(green(`${rows.length} order(s) from earlier runs were read back from disk: durability you can see.`));
  const failedExports = rows
    .filter((row) => row.currentState === "export_failed")
    .map((row) => ({ uuid: row.uuid, orderId: String(row.context["orderId"] ?? row.uuid) }));
  return { count: rows.length, failedExports };
}

/** Picks up the work an earlier run left unfinished: the warehouse is back, so the export is retried. */
async function retryFailedExports(
  runtime: WorkflowRuntime,
  observers: ObserverLog,
  failedExports: EarlierRuns["failedExports"],
): Promise<void> {
  for (const { uuid, orderId } of failedExports) {
    heading(`Order ${orderId}: resuming what an earlier run left in export_failed`);
    line(`the warehouse is back; ${uuid} is retried where it stopped, with its context and history intact`);
    await step(runtime, observers, uuid, "RetryExport", "exportable");
    await step(runtime, observers, uuid, "Export", "in_transit");
    line(green(`Order ${orderId} retried the export and is on its way: the work survived the restart.`));
  }
}

function buildRuntime(
  backend: DemoBackend,
  clock: DemoClock,
  observers: ObserverLog,
  definitionRegistry = buildRegistry(),
): WorkflowRuntime {
  const commandRegistry = new InMemoryCommandRegistry();
  commandRegistry.register("sendOrderToWarehouse", sendOrderToWarehouse);
  commandRegistry.register("notifyCustomer", notifyCustomer);
  return new WorkflowRuntime({
    definitionRegistry,
    commandRegistry,
    ...backend.providers,
    clock,
    observers: [observers],
  });
}

function buildRegistry(): InMemoryDefinitionRegistry {
  const definitionRegistry = new InMemoryDefinitionRegistry({
    validator: new WorkflowValidator(),
    compiler: new WorkflowCompiler(),
  });
  definitionRegistry.register(orderWorkflow);
  return definitionRegistry;
}

async function happyPath(
  runtime: WorkflowRuntime,
  clock: DemoClock,
  observers: ObserverLog,
  orderId: string,
) {
  heading(`Order ${orderId}: the happy path`);
  const created = await runtime.createInstance({
    workflowName: orderWorkflow.name,
    context: { orderId, customerEmail: "ada@example.com", total: 129.9 },
    metadata: { channel: "web", placedBy: "demo" },
  });
  printInstance(created);
  line("context (initial state patch + input):");
  printContext(created.context);
  observers.flush();

  await step(runtime, observers, created.uuid, "PaymentReceived", "exportable");
  await step(runtime, observers, created.uuid, "Export", "in_transit");
  const delivered = await step(runtime, observers, created.uuid, "Deliver", "delivered");
  line(`timeout armed: TimeOut fires at ${bold(formatTime(delivered.expiresAt))} (14 days after delivery)`);

  heading(`Order ${orderId}: the 14-day timeout`);
  await sweep(runtime, clock.now());
  line(dim("nothing is due yet; jumping the simulated clock 14 days (and a minute) ahead…"));
  clock.advanceDays(14);
  clock.advanceMinutes(1);
  const processed = await sweep(runtime, clock.now());
  if (processed < 1) throw new Error("the timeout sweep did not fire the TimeOut event");
  const closed = expectState(await runtime.getInstance(created.uuid), "closed");
  line(
    `instance is now ${bold(closed.currentState)} (version ${closed.version}), expiresAt ${formatTime(closed.expiresAt)}`,
  );
  observers.flush();

  heading(`Order ${orderId}: history`);
  await printHistory(runtime, created.uuid);
  line("final context:");
  printWholeContext(closed.context);
  return closed;
}

async function failurePath(runtime: WorkflowRuntime, observers: ObserverLog, orderId: string) {
  heading(`Order ${orderId}: the warehouse says no`);
  const created = await runtime.createInstance({
    workflowName: orderWorkflow.name,
    context: { orderId, customerEmail: "grace@example.com", total: 42 },
    metadata: { channel: "phone", placedBy: "demo" },
  });
  line(`created ${created.uuid} in ${bold(created.currentState)}`);
  observers.flush();
  await step(runtime, observers, created.uuid, "PaymentReceived", "exportable");
  line(dim("the warehouse is down during this run"));
  await step(runtime, observers, created.uuid, "Export", "export_failed", { warehouseDown: true });
  const events = await runtime.getAvailableEvents({ workflowInstanceUuid: created.uuid });
  line(
    `available now: ${events.map((event) => `${event.eventName} → ${event.targetState ?? "(stay)"}`).join(", ")}`,
  );
  line(dim("left waiting in export_failed; the next run finds it in the database and retries the export."));
}

async function main(): Promise<void> {
  console.log(bold("duraflows demo: the order workflow, end to end"));
  const backend = await openBackend();
  try {
    line(`storage: ${backend.label}`);
    line(
      backend.createdSchema
        ? "schema: created now (duraflows DDL from @duraflows/pg)"
        : "schema: found from an earlier run, reused",
    );
    const earlier = await showEarlierRuns(backend);

    const clock = new DemoClock(new Date());
    const observers = new ObserverLog();
    const definitionRegistry = buildRegistry();
    const runtime = buildRuntime(backend, clock, observers, definitionRegistry);
    await retryFailedExports(runtime, observers, earlier.failedExports);
    const runNumber = Math.floor(earlier.count / 2) + 1;
    const closed = await happyPath(runtime, clock, observers, `A-${1000 + runNumber}`);
    clock.set(new Date());
    await failurePath(runtime, observers, `B-${1000 + runNumber}`);

    heading("Diagram");
    const files = writeDiagramFiles(orderWorkflow, join(repoRoot, "demo-output"), "order-workflow");
    for (const file of files) line(`wrote ${relative(process.cwd(), file)}`);

    heading("Done");
    line(
      green(`Order ${String(closed.context["orderId"])} went new → … → closed; everything above is stored.`),
    );
    line(
      `Run ${bold("pnpm demo")} again: this run's orders are listed first, read back from the database, and the`,
    );
    line("order left in export_failed is retried.");
    line();
    line(`Use a real PostgreSQL server instead of the embedded one (the tables are created when missing):`);
    line(`  ${bold("DATABASE_URL=postgres://user:password@localhost:5432/mydb pnpm demo")}`);
    line("Start over:");
    if (process.env["DATABASE_URL"]) {
      line(
        `  the orders live in that database: drop its workflow_* tables (or use a scratch database), then run again`,
      );
    } else {
      line(
        `  ${bold("rm -rf .demo-data demo-output")}   (deletes the embedded database and the diagram files)`,
      );
    }
    if (process.argv.includes("--dashboard")) {
      clock.set(new Date());
      await serveDashboard(repoRoot, runtime, backend.providers, definitionRegistry);
    }
  } finally {
    await backend.close();
  }
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`\n${red(bold("pnpm demo failed:"))} ${message}`);
  if (process.env["DATABASE_URL"])
    console.error("Check that DATABASE_URL points at a reachable PostgreSQL server.");
  else console.error("If the embedded database is damaged, delete the .demo-data/ folder and run again.");
  if (error instanceof Error && error.stack && process.env["DEMO_DEBUG"]) console.error(error.stack);
  process.exitCode = 1;
});
