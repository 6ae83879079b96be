import { performance } from "node:perf_hooks";
import type { WorkflowRuntime } from "@duraflows/core";
import { selectHistoryByInstance } from "@duraflows/sql";
import { toggleWorkflow } from "../fixtures/workflows.js";
import pg from "pg";
import { adminUrl, openBenchDatabase, type BenchDatabase } from "../lib/bench-database.js";
import { createBenchRuntime } from "../lib/duraflows.js";
import { runClosedLoop } from "../lib/load.js";
import { median, percentile, ratio } from "../lib/stats.js";
import type { BenchContext, Cell, Scenario, ScenarioResult } from "../lib/types.js";

const FILLER = "bench-filler";
const ROWS_PER_INSTANCE = 10;
const SMALL_ROWS = 10_000;
const CHUNK = 100_000;

/**
 * `instances` instances of `workflowName` in `state`, each with `ROWS_PER_INSTANCE` history rows created 1 to
 * 10 days ago, in set-based statements of at most {@link CHUNK} instances.
 */
async function seedWithHistory(
  ctx: BenchContext,
  db: BenchDatabase,
  workflowName: string,
  state: string,
  instances: number,
  context: Record<string, unknown>,
): Promise<string[]> {
  const uuids: string[] = [];
  for (let done = 0; done < instances; done += CHUNK) {
    const n = Math.min(CHUNK, instances - done);
    const result = await db.exec(
      `WITH created AS (
  INSERT INTO workflow_instances (
    uuid, workflow_name, current_state, version, definition_version, last_transition_at, context_json,
    metadata_json, created_at, updated_at
  )
  SELECT gen_random_uuid(), $1, $2, $3, 1, now() - interval '1 day', $5::jsonb, '{}', now(), now()
  FROM generate_series(1, $4)
  RETURNING uuid
), history AS (
  INSERT INTO workflow_history (
    workflow_instance_uuid, from_state, event_name, to_state, outcome, command_results_json,
    trigger_metadata_json, definition_version, created_at
  )
  SELECT uuid, 'a', 'go', 'b', 'success', '[]', '{}', 1, now() - k * interval '1 day'
  FROM created, generate_series(${ROWS_PER_INSTANCE}, 1, -1) AS k
)
SELECT uuid FROM created`,
      [workflowName, state, ROWS_PER_INSTANCE, n, JSON.stringify(context)],
    );
    if (workflowName !== FILLER) for (const row of result.rows) uuids.push(String(row.uuid));
    if (instances > CHUNK) ctx.log(`history-scale: ${(done + n).toLocaleString("en-US")} instances seeded`);
  }
  return uuids;
}

/**
 * Runs `seed` with the history indexes and foreign key dropped, then rebuilds them: one sorted index build is
 * much faster than millions of random index inserts, and the table ends up the same.
 */
async function withoutHistoryIndexes(db: BenchDatabase, seed: () => Promise<unknown>): Promise<void> {
  const indexes = (
    await db.exec(
      `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def, c.conname
FROM pg_index i LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid
WHERE i.indrelid = 'workflow_history'::regclass`,
    )
  ).rows as { name: string; def: string; conname: string | null }[];
  const foreignKeys = (
    await db.exec(
      `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
WHERE conrelid = 'workflow_history'::regclass AND contype = 'f'`,
    )
  ).rows as { conname: string; def: string }[];
  for (const fk of foreignKeys) await db.exec(`ALTER TABLE workflow_history DROP CONSTRAINT ${fk.conname}`);
  for (const index of indexes) {
    if (index.conname) await db.exec(`ALTER TABLE workflow_history DROP CONSTRAINT ${index.conname}`);
    else await db.exec(`DROP INDEX ${index.name}`);
  }
  await seed();
  for (const index of indexes) {
    if (index.conname)
      await db.exec(`ALTER TABLE workflow_history ADD CONSTRAINT ${index.conname} PRIMARY KEY (uuid)`);
    else await db.exec(index.def);
  }
  for (const fk of foreignKeys)
    await db.exec(`ALTER TABLE workflow_history ADD CONSTRAINT ${fk.conname} ${fk.def}`);
}

async function count(db: BenchDatabase, sql: string): Promise<number> {
  return Number((await db.exec(sql)).rows[0]?.n ?? 0);
}

interface Latencies {
  transitionP50: number;
  getHistoryP50: number;
}

/** One table size under test: its own database, runtime and live instances. */
interface Side {
  db: BenchDatabase;
  runtime: WorkflowRuntime;
  live: string[];
}

/**
 * Median p50 of 1-caller closed loops on each side: toggling its live instances, and reading one instance's
 * history page. The sides take turns within every run (in alternating order), so a change in the machine's
 * load during the scenario hits both sizes alike instead of the one measured later.
 */
async function latencies(ctx: BenchContext, sides: readonly Side[]): Promise<Latencies[]> {
  const toggle = (side: Side) => (_caller: number, i: number) =>
    side.runtime.triggerEvent({ workflowInstanceUuid: side.live[i % side.live.length]!, eventName: "go" });
  const read = (side: Side) => (_caller: number, i: number) =>
    side.runtime.getHistory(side.live[i % side.live.length]!);
  for (const side of sides) {
    await runClosedLoop(1, ctx.warmupMs, toggle(side));
    await runClosedLoop(1, ctx.warmupMs, read(side));
  }
  const transitions = sides.map(() => [] as number[]);
  const reads = sides.map(() => [] as number[]);
  for (let run = 0; run < ctx.runs; run++) {
    for (let k = 0; k < sides.length; k++) {
      const index = (run + k) % sides.length;
      transitions[index]!.push((await runClosedLoop(1, ctx.durationMs, toggle(sides[index]!))).p50Ms);
      reads[index]!.push((await runClosedLoop(1, ctx.durationMs, read(sides[index]!))).p50Ms);
    }
  }
  return sides.map((_, i) => ({ transitionP50: median(transitions[i]!), getHistoryP50: median(reads[i]!) }));
}

/** A second database on the same server for the small table, with the bench schema; dropped with the run. */
async function siblingDatabase(ctx: BenchContext, suffix: string): Promise<BenchDatabase> {
  const name = `${ctx.db.name}_${suffix}`;
  ctx.registerSibling(name);
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const db = openBenchDatabase(adminUrl(), name);
  const { generateMigrationSql } = await import("@duraflows/pg");
  await db.exec(generateMigrationSql({ includeIdempotency: true, includeDurableExecution: true }).up);
  return db;
}

/** How PostgreSQL runs getHistory's statement for one instance: the index it reads and the pages it touches. */
interface HistoryPlan {
  index: string;
  hit: number;
  read: number;
  ms: number;
  planningMs: number;
}

interface PlanNode {
  "Node Type": string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}

function indexesOf(node: PlanNode): string[] {
  return [
    ...(node["Index Name"] ? [`${node["Node Type"]} using ${node["Index Name"]}`] : []),
    ...(node.Plans ?? []).flatMap(indexesOf),
  ];
}

/** EXPLAIN (ANALYZE, BUFFERS) of the exact statement `getHistory` sends, with the page of 50 it asks for. */
async function historyPlan(db: BenchDatabase, uuid: string): Promise<HistoryPlan> {
  const query = selectHistoryByInstance(uuid, 50, 0);
  const result = await db.exec(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${query.text}`, query.values);
  const plan = (result.rows[0] as { "QUERY PLAN": Array<Record<string, unknown>> })["QUERY PLAN"][0]!;
  const root = plan["Plan"] as PlanNode & { "Shared Hit Blocks": number; "Shared Read Blocks": number };
  return {
    index: indexesOf(root).join(", ") || root["Node Type"],
    hit: root["Shared Hit Blocks"],
    read: root["Shared Read Blocks"],
    ms: plan["Execution Time"] as number,
    planningMs: plan["Planning Time"] as number,
  };
}

/**
 * p50 of the first getHistory of each live instance right after seeding, before any warm-up: the pages of
 * their rows may have left PostgreSQL's buffer cache while the filler was written.
 */
async function firstReads(runtime: WorkflowRuntime, live: string[]): Promise<number> {
  const latencies: number[] = [];
  for (const uuid of live) {
    const t0 = performance.now();
    await runtime.getHistory(uuid);
    latencies.push(performance.now() - t0);
  }
  return percentile(latencies, 50);
}

interface PruneResult {
  rows: number;
  seconds: number;
  longestBatchMs: number;
  liveMaxMs: number;
  liveP99Ms: number;
}

/**
 * Prunes for a fixed time, one batch per call (so each batch is timed: it is the longest any row stays locked by
 * pruning), while one caller keeps toggling live instances; their worst latency shows whether pruning held them.
 */
async function pruneUnderLoad(
  ctx: BenchContext,
  runtime: WorkflowRuntime,
  live: string[],
  budgetMs: number,
): Promise<PruneResult> {
  const olderThan = new Date(Date.now() - 5.5 * 86_400_000);
  let stop = false;
  let rows = 0;
  let longestBatchMs = 0;
  const liveLatencies: number[] = [];
  const loader = (async () => {
    for (let i = 0; !stop; i++) {
      const t0 = performance.now();
      await runtime.triggerEvent({ workflowInstanceUuid: live[i % live.length]!, eventName: "go" });
      liveLatencies.push(performance.now() - t0);
    }
  })();
  const started = performance.now();
  try {
    while (performance.now() - started < budgetMs) {
      const t0 = performance.now();
      const done = await runtime.pruneHistory({ olderThan, keepLast: 1, batchSize: 5_000, maxBatches: 1 });
      longestBatchMs = Math.max(longestBatchMs, performance.now() - t0);
      rows += done.rows;
      if (done.rows === 0) break;
    }
  } finally {
    stop = true;
    await loader;
  }
  const seconds = (performance.now() - started) / 1000;
  liveLatencies.sort((a, b) => a - b);
  return {
    rows,
    seconds,
    longestBatchMs,
    liveMaxMs: liveLatencies[liveLatencies.length - 1] ?? 0,
    liveP99Ms: liveLatencies[Math.floor(liveLatencies.length * 0.99)] ?? 0,
  };
}

/** Bulk versus per-instance: the same pure event, 1 caller. */
async function bulkVersusSingle(
  ctx: BenchContext,
  runtime: WorkflowRuntime,
  singles: number,
  bulk: number,
): Promise<{ singlePerSecond: number; bulkPerSecond: number; moved: number }> {
  const single = await seedWithHistory(ctx, ctx.db, toggleWorkflow.name, "a", singles, { single: true });
  await seedWithHistory(ctx, ctx.db, toggleWorkflow.name, "a", bulk, { bulk: true });
  await ctx.db.exec("ANALYZE workflow_instances");
  let t0 = performance.now();
  for (const uuid of single) await runtime.triggerEvent({ workflowInstanceUuid: uuid, eventName: "go" });
  const singlePerSecond = single.length / ((performance.now() - t0) / 1000);
  t0 = performance.now();
  const result = await runtime.triggerEventForMany({
    workflowName: toggleWorkflow.name,
    state: "a",
    eventName: "go",
    where: { context: { bulk: true } },
    limit: bulk,
    batchSize: 1_000,
  });
  const bulkPerSecond = result.transitioned / ((performance.now() - t0) / 1000);
  return { singlePerSecond, bulkPerSecond, moved: result.transitioned };
}

function fmt(value: number | null): Cell {
  return value === null ? null : `${value.toFixed(2)}×`;
}

/** History at scale: latency against table size, prune throughput under load, bulk transitions. */
export const historyScaleScenario: Scenario = {
  name: "history-scale",
  title: "History at scale",
  method:
    "Transition and getHistory latency (1 caller, median p50 of runs) on toggle instances with 10 history rows " +
    "each, first with 10,000 history rows in the table, then after set-based INSERT … SELECT generate_series " +
    "seeding of filler instances with 10 rows each up to `--size` rows (default 10,000,000 over 1,000,000 " +
    "instances), written out with CHECKPOINT before the large size is timed. At each size, the p50 of the very " +
    "first getHistory of each live instance after seeding (before any warm-up) and EXPLAIN (ANALYZE, BUFFERS) " +
    "of getHistory's statement are reported too. Then, at the large size: pruneHistory (olderThan 5.5 days, " +
    "batches of 5,000, one batch per call) for a fixed time while one caller toggles live instances, and " +
    "triggerEventForMany on instances in one state against one triggerEvent per instance (1 caller) for the " +
    "same command-less event.",
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const totalRows = ctx.size ?? (ctx.quick ? 200_000 : 10_000_000);
    const pruneBudgetMs = ctx.quick ? 5_000 : 30_000;
    const [singles, bulk] = ctx.quick ? [300, 3_000] : [1_000, 20_000];
    await ctx.db.truncateWorkflowTables();
    const smallDb = await siblingDatabase(ctx, "small");
    const smallBench = await createBenchRuntime("pg", smallDb, 4);
    const bench = await createBenchRuntime("pg", ctx.db, 4);
    const runtime = bench.runtime;
    let small: Latencies;
    let large: Latencies;
    let prune: PruneResult;
    let bulkResult: Awaited<ReturnType<typeof bulkVersusSingle>>;
    let largeRows: number;
    let smallFirst: number;
    let largeFirst: number;
    let smallPlan: HistoryPlan;
    let largePlan: HistoryPlan;
    let coldPlan: HistoryPlan;
    try {
      const sides: Side[] = [];
      for (const [db, side] of [
        [smallDb, smallBench.runtime],
        [ctx.db, runtime],
      ] as const) {
        const live = await seedWithHistory(ctx, db, toggleWorkflow.name, "a", 100, {});
        await seedWithHistory(ctx, db, FILLER, "idle", SMALL_ROWS / ROWS_PER_INSTANCE - live.length, {});
        sides.push({ db, runtime: side, live });
      }
      const [smallSide, largeSide] = sides as [Side, Side];
      const live = largeSide.live;
      ctx.log(`history-scale: seeding up to ${totalRows.toLocaleString("en-US")} history rows`);
      const current = await count(ctx.db, "SELECT count(*)::int AS n FROM workflow_history");
      await withoutHistoryIndexes(ctx.db, () =>
        seedWithHistory(
          ctx,
          ctx.db,
          FILLER,
          "idle",
          Math.max(0, Math.floor((totalRows - current) / ROWS_PER_INSTANCE)),
          {},
        ),
      );
      for (const side of sides) await side.db.exec("VACUUM ANALYZE workflow_instances, workflow_history");
      largeRows = await count(ctx.db, "SELECT count(*)::int AS n FROM workflow_history");
      smallFirst = await firstReads(smallSide.runtime, smallSide.live);
      largeFirst = await firstReads(runtime, live);
      coldPlan = await historyPlan(ctx.db, live[1]!);
      // The seeding left gigabytes of dirty pages: write them out now, or the checkpointer does it while the
      // latencies below are measured and they time the disk instead of the table size.
      await ctx.db.exec("CHECKPOINT");
      [small, large] = (await latencies(ctx, sides)) as [Latencies, Latencies];
      smallPlan = await historyPlan(smallDb, smallSide.live[0]!);
      largePlan = await historyPlan(ctx.db, live[0]!);
      await smallBench.close();
      ctx.log("history-scale: bulk versus per-instance");
      bulkResult = await bulkVersusSingle(ctx, runtime, singles, bulk);
      ctx.log("history-scale: pruning under load");
      prune = await pruneUnderLoad(ctx, runtime, live, pruneBudgetMs);
    } finally {
      await smallBench.close();
      await bench.close();
      await smallDb.endPools();
    }
    const transitionRatio = ratio(large.transitionP50, small.transitionP50);
    const historyRatio = ratio(large.getHistoryP50, small.getHistoryP50);
    const bulkRatio = ratio(bulkResult.bulkPerSecond, bulkResult.singlePerSecond);
    const inverse = (value: number | null) => (value === null || value === 0 ? null : 1 / value);
    const check = (name: string, threshold: number, measured: number | null) => ({
      name,
      threshold,
      measured,
      met: measured !== null && measured >= threshold,
    });
    const rowsLabel = `${largeRows.toLocaleString("en-US")} rows`;
    return {
      tables: [
        {
          title: "Latency against history size (1 caller, median p50 of runs, ms)",
          columns: ["measure", "10,000 rows", rowsLabel, "large ÷ small"],
          rows: [
            ["transition (triggerEvent)", small.transitionP50, large.transitionP50, fmt(transitionRatio)],
            ["getHistory (page of 50)", small.getHistoryP50, large.getHistoryP50, fmt(historyRatio)],
            [
              "getHistory, first read of each live instance right after seeding (p50)",
              smallFirst,
              largeFirst,
              fmt(ratio(largeFirst, smallFirst)),
            ],
          ],
        },
        {
          title: "getHistory's statement under EXPLAIN (ANALYZE, BUFFERS), one live instance",
          columns: ["table", "plan", "shared buffers hit", "read", "planning (ms)", "execution (ms)"],
          rows: [
            ["10,000 rows, after the runs", smallPlan] as const,
            [`${rowsLabel}, right after seeding`, coldPlan] as const,
            [`${rowsLabel}, after the runs`, largePlan] as const,
          ].map(([label, plan]) => [label, plan.index, plan.hit, plan.read, plan.planningMs, plan.ms]),
        },
        {
          title: `pruneHistory for ${pruneBudgetMs / 1000} s on ${rowsLabel}, one caller toggling live instances`,
          columns: ["measure", "value"],
          rows: [
            ["rows deleted", prune.rows],
            ["rows/s", prune.rows / prune.seconds],
            ["longest batch (ms), the longest any history row stayed locked", prune.longestBatchMs],
            ["live transition p99 during pruning (ms)", prune.liveP99Ms],
            ["live transition max during pruning (ms)", prune.liveMaxMs],
          ],
        },
        {
          title: "triggerEventForMany against one triggerEvent per instance (command-less event, 1 caller)",
          columns: ["path", "transitions/s", "ratio"],
          rows: [
            ["triggerEvent, one per instance", bulkResult.singlePerSecond, "1.00×"],
            [
              `triggerEventForMany (${bulkResult.moved.toLocaleString("en-US")} instances, batches of 1,000)`,
              bulkResult.bulkPerSecond,
              fmt(bulkRatio),
            ],
          ],
        },
      ],
      targets: [
        check(
          "history-scale: transition latency, small ÷ large (≥ 0.83× is large ≤ 1.2× small)",
          0.83,
          inverse(transitionRatio),
        ),
        check(
          "history-scale: getHistory latency, small ÷ large (≥ 0.83× is large ≤ 1.2× small)",
          0.83,
          inverse(historyRatio),
        ),
        check("history-scale: triggerEventForMany ÷ per-instance triggerEvent", 10, bulkRatio),
      ],
      notes: [
        "Pruning locks only the history rows of its batch (FOR UPDATE SKIP LOCKED) and never an instance row, so a live instance is never held by it; the live transition latencies above show the indirect cost (I/O and CPU).",
      ],
    };
  },
};
