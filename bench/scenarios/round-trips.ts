import type pg from "pg";
import { handWrittenSweepBatch, handWrittenTransition } from "../baselines/hand-written.js";
import { HOPS, hopsWorkflow, timeoutWorkflow, toggleWorkflow } from "../fixtures/workflows.js";
import type { BenchDatabase } from "../lib/bench-database.js";
import { createBenchRuntime, createInstances, type Backend } from "../lib/duraflows.js";
import {
  describeKeywords,
  perOperation,
  StatementCounter,
  type StatementCounts,
} from "../lib/statement-counter.js";
import type { BenchContext, Cell, Scenario, ScenarioResult } from "../lib/types.js";

/** Per-operation counts of one subject. */
interface Counts {
  transition: StatementCounts;
  /** The same transition again, on instances the runtime moved last. */
  again: StatementCounts;
  hop: number | null;
  sweep: StatementCounts;
}

/** Marks every instance of `workflowName` overdue (deadline an hour ago) so the next sweep fires them. */
async function expire(db: BenchDatabase, workflowName: string): Promise<void> {
  await db.exec(
    "UPDATE workflow_instances SET expires_at = now() - interval '1 hour' WHERE workflow_name = $1",
    [workflowName],
  );
}

async function measure(
  counter: StatementCounter,
  n: number,
  job: () => Promise<unknown>,
): Promise<StatementCounts> {
  counter.reset();
  await job();
  return perOperation(counter.snapshot(), n);
}

async function duraflowsCounts(backend: Backend, db: BenchDatabase, n: number): Promise<Counts> {
  await db.truncateWorkflowTables();
  const bench = await createBenchRuntime(backend, db, 1);
  try {
    const runtime = bench.runtime;
    const counter = bench.counter!;
    const toggles = await createInstances(runtime, toggleWorkflow.name, n);
    const hoppers = await createInstances(runtime, hopsWorkflow.name, n);
    const parkers = await createInstances(runtime, hopsWorkflow.name, n);
    await createInstances(runtime, timeoutWorkflow.name, n);
    const go = (uuid: string) => runtime.triggerEvent({ workflowInstanceUuid: uuid, eventName: "go" });
    // One untimed transition first so lazy one-off work (initialize, first connection) is not counted.
    await go(toggles[0]);
    const transition = await measure(counter, n, async () => {
      for (const uuid of toggles) await go(uuid);
    });
    const again = await measure(counter, n, async () => {
      for (const uuid of toggles) await go(uuid);
    });
    const fire = (uuid: string, eventName: string) =>
      runtime.triggerEvent({ workflowInstanceUuid: uuid, eventName });
    // Both run the locking transaction (onEnter chain, command): their difference is the hops alone.
    const withHops = await measure(counter, n, async () => {
      for (const uuid of hoppers) await fire(uuid, "start");
    });
    const withoutHops = await measure(counter, n, async () => {
      for (const uuid of parkers) await fire(uuid, "park");
    });
    await expire(db, timeoutWorkflow.name);
    const sweep = await measure(counter, n, () => runtime.processExpiredWorkflows({ limit: n }));
    return { transition, again, hop: (withHops.roundTrips - withoutHops.roundTrips) / HOPS, sweep };
  } finally {
    await bench.close();
  }
}

async function baselineCounts(db: BenchDatabase, n: number): Promise<Counts> {
  await db.truncateWorkflowTables();
  const creator = await createBenchRuntime("pg", db, 1);
  const toggles = await createInstances(creator.runtime, toggleWorkflow.name, n);
  await createInstances(creator.runtime, timeoutWorkflow.name, n);
  await creator.close();
  const pool: pg.Pool = db.pool(1);
  const counter = new StatementCounter().attach(pool);
  try {
    const flip = (state: string): string => (state === "a" ? "b" : "a");
    const toggleAll = async () => {
      for (const uuid of toggles) await handWrittenTransition(pool, uuid, "go", flip);
    };
    const transition = await measure(counter, n, toggleAll);
    const again = await measure(counter, n, toggleAll);
    await expire(db, timeoutWorkflow.name);
    const sweep = await measure(counter, n, () => handWrittenSweepBatch(pool, n, "expire", "expired"));
    return { transition, again, hop: null, sweep };
  } finally {
    await pool.end();
  }
}

/** Statements and round trips per transition, per onEnter hop and per swept timeout, counted on the pool. */
export const roundTripsScenario: Scenario = {
  name: "round-trips",
  title: "Round trips",
  method:
    "Every query a pool's clients send is counted (node-pg sends one query per round trip and waits for its " +
    "answer, so round trips = `client.query` calls; statements count each statement of a multi-statement " +
    `query). Per transition: the toggle's \`go\`; per onEnter hop: (an event into a ${HOPS}-hop onEnter chain − ` +
    `an event with one no-op command and no chain, both in a locking transaction) ÷ ${HOPS}; per swept timeout: one \`processExpiredWorkflows\` over N overdue command-less ` +
    "timeouts ÷ N. The baseline is the hand-written transaction of the transition scenario and its " +
    "one-transaction-per-instance sweep.",
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const n = ctx.quick ? 5 : 100;
    const subjects: Array<[string, () => Promise<Counts>]> = [
      ["hand-written pg", () => baselineCounts(ctx.db, n)],
      ["@duraflows/pg", () => duraflowsCounts("pg", ctx.db, n)],
      ["@duraflows/kysely", () => duraflowsCounts("kysely", ctx.db, n)],
      ["@duraflows/pg, locking", () => duraflowsCounts("pg-locking", ctx.db, n)],
      ["@duraflows/kysely, locking", () => duraflowsCounts("kysely-locking", ctx.db, n)],
    ];
    const summary: Cell[][] = [];
    const detail: Cell[][] = [];
    const notes: string[] = [];
    for (const [name, count] of subjects) {
      ctx.log(`round trips: ${name}`);
      try {
        const counts = await count();
        summary.push([
          name,
          counts.transition.roundTrips,
          counts.transition.statements,
          counts.again.roundTrips,
          counts.hop,
          counts.sweep.roundTrips,
          counts.sweep.statements,
        ]);
        detail.push([
          name,
          describeKeywords(counts.transition.byKeyword),
          describeKeywords(counts.sweep.byKeyword),
        ]);
      } catch (error) {
        notes.push(`${name} could not run: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    notes.push(
      "The baseline has no onEnter chains; by hand a hop would be one more UPDATE and INSERT (2 round trips).",
      "Transition: the first event on each instance since the runtime opened. Again: a second pass over the same " +
        "instances, each last moved by this runtime; with `optimisticTransitions: true` the runtime remembers " +
        "them and sends only the version-checked write.",
    );
    return {
      tables: [
        {
          title: `Round trips and statements per operation (N = ${n})`,
          columns: [
            "subject",
            "transition round trips",
            "transition statements",
            "again, round trips",
            "per onEnter hop",
            "swept timeout round trips",
            "swept timeout statements",
          ],
          rows: summary,
        },
        {
          title: "Round trips by leading keyword, per operation",
          columns: ["subject", "per transition", "per swept timeout"],
          rows: detail,
        },
      ],
      targets: [],
      notes,
    };
  },
};
