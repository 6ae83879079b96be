import type { WorkflowInstance, WorkflowInstanceStore, WorkflowTransactionRunner } from "@duraflows/core";
import type pg from "pg";
import { runClosedLoop } from "../lib/load.js";
import { median, ratio } from "../lib/stats.js";
import type { BenchContext, Cell, Scenario, ScenarioResult } from "../lib/types.js";

const WORKFLOW = "bench-dashboard";
const STATES = ["new", "paid", "packed", "shipped", "delivered"];
const PAGE = 50;
/** The index of migration 011 (the schema ships it): dropped for the "no index" rows, then rebuilt. */
const LIST_INDEX = `CREATE INDEX IF NOT EXISTS workflow_instances_last_transition_idx
ON workflow_instances (workflow_name, last_transition_at DESC, uuid DESC)`;
const DROP_LIST_INDEX = "DROP INDEX IF EXISTS workflow_instances_last_transition_idx";
/** Instances the write-cost rows update, round robin. */
const WRITE_SET = 2_000;

/*
 * Instances spread over five states, one second apart in last transition (newest first = g ascending) and two
 * seconds apart in creation. Timestamps are whole milliseconds, as the runtime writes them (a cursor holds
 * milliseconds, so sub-millisecond seeds would repeat a row at a page boundary of an ascending list).
 */
async function seed(ctx: BenchContext, from: number, count: number): Promise<void> {
  await ctx.db.exec(
    `INSERT INTO workflow_instances (
  uuid, workflow_name, current_state, version, definition_version, expires_at, last_transition_at,
  context_json, metadata_json, created_at, updated_at
)
SELECT gen_random_uuid(), $1, ($2::text[])[1 + g % 5], 0, 1, NULL,
  date_trunc('milliseconds', now()) - g * interval '1 second',
  '{}', '{}', date_trunc('milliseconds', now()) - g * interval '2 second', now()
FROM generate_series($3::int, $4::int) AS g`,
    [WORKFLOW, STATES, from, from + count - 1],
  );
  await ctx.db.exec("VACUUM ANALYZE workflow_instances");
}

/** Median p50 of `runs` closed loops of one caller. */
async function p50(ctx: BenchContext, runs: number, op: () => Promise<unknown>): Promise<number> {
  await runClosedLoop(1, ctx.warmupMs, op);
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) samples.push((await runClosedLoop(1, ctx.durationMs, op)).p50Ms);
  return median(samples);
}

interface Pages {
  first: number;
  deep: number;
  /** The deep page of the oldest-first list (the same position counted from the other end). */
  deepAscending: number;
  /** A deep page by creation time, newest first: no index serves it. */
  deepCreated: number;
}

interface AtSize {
  total: number;
  counts: number;
  groupBy: number;
  pages: Pages;
  pagesIndexed: Pages;
  /** p50 ms of one instance update (a transition's write) without and with the list index. */
  write: { plain: number; indexed: number };
}

async function measurePages(
  ctx: BenchContext,
  store: WorkflowInstanceStore,
  pool: pg.Pool,
  total: number,
  runs: number,
): Promise<Pages> {
  const list = store.listInstances!.bind(store);
  const { encodeReadCursor } = await import("@duraflows/core");
  // The cursor a reader holds after paging 90% of the way down: built from the row there (OFFSET only here).
  const { rows } = await pool.query<{ last_transition_at: Date; uuid: string }>(
    `SELECT last_transition_at, uuid FROM workflow_instances WHERE workflow_name = $1
ORDER BY last_transition_at DESC, uuid DESC OFFSET $2 LIMIT 1`,
    [WORKFLOW, Math.floor(total * 0.9)],
  );
  const after = encodeReadCursor(rows[0].last_transition_at, rows[0].uuid);
  const deepPage = await list({ workflowName: WORKFLOW, limit: PAGE, after });
  if (deepPage.items.length !== PAGE) throw new Error("the deep page is not full");
  // 90% of the way down the oldest-first list, and of the newest-created-first list.
  const ascending = await pool.query<{ last_transition_at: Date; uuid: string }>(
    `SELECT last_transition_at, uuid FROM workflow_instances WHERE workflow_name = $1
ORDER BY last_transition_at ASC, uuid ASC OFFSET $2 LIMIT 1`,
    [WORKFLOW, Math.floor(total * 0.9)],
  );
  const afterAscending = encodeReadCursor(ascending.rows[0].last_transition_at, ascending.rows[0].uuid);
  const created = await pool.query<{ created_at: Date; uuid: string }>(
    `SELECT created_at, uuid FROM workflow_instances WHERE workflow_name = $1
ORDER BY created_at DESC, uuid DESC OFFSET $2 LIMIT 1`,
    [WORKFLOW, Math.floor(total * 0.9)],
  );
  const afterCreated = encodeReadCursor(created.rows[0].created_at, created.rows[0].uuid);
  const asc = { workflowName: WORKFLOW, limit: PAGE, direction: "asc" as const, after: afterAscending };
  const byCreated = {
    workflowName: WORKFLOW,
    limit: PAGE,
    orderBy: "createdAt" as const,
    after: afterCreated,
  };
  for (const input of [asc, byCreated]) {
    if ((await list(input)).items.length !== PAGE) throw new Error("a deep page is not full");
  }
  return {
    first: await p50(ctx, runs, () => list({ workflowName: WORKFLOW, limit: PAGE })),
    deep: await p50(ctx, runs, () => list({ workflowName: WORKFLOW, limit: PAGE, after })),
    deepAscending: await p50(ctx, runs, () => list(asc)),
    deepCreated: await p50(ctx, runs, () => list(byCreated)),
  };
}

/**
 * The write a transition makes to its instance (`update`: new state, version, last transition), round robin
 * over {@link WRITE_SET} instances, each in its own transaction: with the list index every such update also
 * writes an index entry (last_transition_at changes), without it PostgreSQL may update the row in place (HOT).
 */
async function measureWrites(
  ctx: BenchContext,
  store: WorkflowInstanceStore,
  runner: WorkflowTransactionRunner,
  pool: pg.Pool,
  runs: number,
): Promise<{ plain: number; indexed: number }> {
  const { items } = await store.listInstances!({ workflowName: WORKFLOW, limit: WRITE_SET });
  const instances: WorkflowInstance[] = items;
  let next = 0;
  const write = () => {
    const instance = instances[next++ % instances.length];
    instance.version++;
    instance.currentState = STATES[instance.version % STATES.length];
    instance.lastTransitionAt = new Date();
    instance.updatedAt = instance.lastTransitionAt;
    return runner.runInTransaction(() => store.update(instance));
  };
  const plain: number[] = [];
  const indexed: number[] = [];
  // Interleaved so drift from other load on the machine hits both alike.
  for (let run = 0; run < runs; run++) {
    await pool.query(DROP_LIST_INDEX);
    plain.push(await p50(ctx, 1, write));
    await pool.query(LIST_INDEX);
    indexed.push(await p50(ctx, 1, write));
  }
  return { plain: median(plain), indexed: median(indexed) };
}

async function measureAt(
  ctx: BenchContext,
  store: WorkflowInstanceStore,
  runner: WorkflowTransactionRunner,
  pool: pg.Pool,
  total: number,
  runs: number,
): Promise<AtSize> {
  ctx.log(`dashboard: ${total.toLocaleString("en-US")} instances`);
  const baseline = () =>
    pool.query(
      `SELECT workflow_name, definition_version, current_state, count(*)::int AS count
FROM workflow_instances GROUP BY workflow_name, definition_version, current_state`,
    );
  const counts = () => store.countInstancesByState!({});
  // Interleaved so drift from other load on the machine hits both alike.
  const countRuns: number[] = [];
  const baseRuns: number[] = [];
  for (let run = 0; run < runs; run++) {
    baseRuns.push(await p50(ctx, 1, baseline));
    countRuns.push(await p50(ctx, 1, counts));
  }
  await pool.query(DROP_LIST_INDEX);
  const pages = await measurePages(ctx, store, pool, total, runs);
  await pool.query(LIST_INDEX);
  await pool.query("ANALYZE workflow_instances");
  const pagesIndexed = await measurePages(ctx, store, pool, total, runs);
  const write = await measureWrites(ctx, store, runner, pool, runs);
  return { total, counts: median(countRuns), groupBy: median(baseRuns), pages, pagesIndexed, write };
}

function fmt(value: number | null): Cell {
  return value === null ? null : `${value.toFixed(2)}×`;
}

/** Dashboard reads on a small and a large instance table: overview counts and keyset pages. */
export const dashboardScenario: Scenario = {
  name: "dashboard",
  title: "Dashboard reads",
  method:
    "The reads behind the dashboard, through `@duraflows/pg`'s store capabilities, on a small and a large " +
    "`workflow_instances` table (one workflow, five states, seeded with INSERT … SELECT generate_series). " +
    "Overview counts (`countInstancesByState`) against a plain `GROUP BY current_state` query in the same run, " +
    "interleaved. Instance pages of 50 (`listInstances`, keyset): the first page and a deep page 90% of the " +
    "way down, newest transition first; the deep page oldest first; a deep page by creation time; each without " +
    "and with `workflow_instances_last_transition_idx` (migration 011, dropped by the scenario for the rows " +
    "without it). The cost of that index on writes: one instance `update` (a transition's write: state, " +
    "version, last transition) per transaction, round robin over 2,000 instances, without and with the index, " +
    "interleaved. 1-caller p50 latency, median of runs.",
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const [small, large] = ctx.quick ? [1_000, 20_000] : [10_000, 1_000_000];
    const runs = Math.min(ctx.runs, 3);
    await ctx.db.truncateWorkflowTables();
    const pool = ctx.db.pool(2);
    const { pgWorkflowProviders } = await import("@duraflows/pg");
    const providers = pgWorkflowProviders(pool);
    const store = providers.instanceStore;
    const runner = providers.transactionRunner;
    let atSmall: AtSize;
    let atLarge: AtSize;
    try {
      await seed(ctx, 1, small);
      atSmall = await measureAt(ctx, store, runner, pool, small, runs);
      ctx.log(`dashboard: seeding up to ${large.toLocaleString("en-US")} instances`);
      await seed(ctx, small + 1, large - small);
      atLarge = await measureAt(ctx, store, runner, pool, large, runs);
    } finally {
      await pool.end();
    }
    const row = (label: string, pick: (s: AtSize) => number): Cell[] => [
      label,
      pick(atSmall),
      pick(atLarge),
      fmt(ratio(pick(atLarge), pick(atSmall))),
    ];
    const deepOverFirst = (s: AtSize, indexed: boolean) => {
      const pages = indexed ? s.pagesIndexed : s.pages;
      return ratio(pages.deep, pages.first);
    };
    return {
      tables: [
        {
          title: "Dashboard reads, p50 ms (median of runs)",
          columns: [
            "read",
            `${small.toLocaleString("en-US")} instances`,
            `${large.toLocaleString("en-US")} instances`,
            "large ÷ small",
          ],
          rows: [
            row("overview counts (countInstancesByState)", (s) => s.counts),
            row("plain GROUP BY current_state", (s) => s.groupBy),
            row("first page of 50, no index", (s) => s.pages.first),
            row("deep page of 50 (90%), no index", (s) => s.pages.deep),
            row("oldest-first deep page of 50, no index", (s) => s.pages.deepAscending),
            row("by-creation deep page of 50, no index", (s) => s.pages.deepCreated),
            row("first page of 50, with the index", (s) => s.pagesIndexed.first),
            row("deep page of 50 (90%), with the index", (s) => s.pagesIndexed.deep),
            row("oldest-first deep page of 50, with the index", (s) => s.pagesIndexed.deepAscending),
            row("by-creation deep page of 50, with the index", (s) => s.pagesIndexed.deepCreated),
            row("instance update (transition write), no index", (s) => s.write.plain),
            row("instance update (transition write), with the index", (s) => s.write.indexed),
          ],
        },
        {
          title: "Ratios",
          columns: [
            "ratio",
            `${small.toLocaleString("en-US")} instances`,
            `${large.toLocaleString("en-US")} instances`,
          ],
          rows: [
            [
              "overview counts ÷ GROUP BY",
              fmt(ratio(atSmall.counts, atSmall.groupBy)),
              fmt(ratio(atLarge.counts, atLarge.groupBy)),
            ],
            [
              "deep page ÷ first page, no index",
              fmt(deepOverFirst(atSmall, false)),
              fmt(deepOverFirst(atLarge, false)),
            ],
            [
              "deep page ÷ first page, with the index",
              fmt(deepOverFirst(atSmall, true)),
              fmt(deepOverFirst(atLarge, true)),
            ],
            [
              "deep page, no index ÷ with the index",
              fmt(ratio(atSmall.pages.deep, atSmall.pagesIndexed.deep)),
              fmt(ratio(atLarge.pages.deep, atLarge.pagesIndexed.deep)),
            ],
            [
              "instance update, with the index ÷ without",
              fmt(ratio(atSmall.write.indexed, atSmall.write.plain)),
              fmt(ratio(atLarge.write.indexed, atLarge.write.plain)),
            ],
          ],
        },
      ],
      targets: [],
      notes: [],
    };
  },
};
