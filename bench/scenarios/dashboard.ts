import type { WorkflowInstanceStore } from "@duraflows/core";
import type pg from "pg";
import { runClosedLoop } from "../lib/load.js";
import { median, ratio } from "../lib/stats.js";
import type { BenchContext, Cell, Scenario, ScenarioResult } from "../lib/types.js";

const WORKFLOW = "bench-dashboard";
const STATES = ["new", "paid", "packed", "shipped", "delivered"];
const PAGE = 50;
/** The index a keyset page by last transition needs; measured here, not shipped by a migration. */
const PROPOSED_INDEX = `CREATE INDEX IF NOT EXISTS bench_instances_last_transition_idx
ON workflow_instances (workflow_name, last_transition_at DESC, uuid DESC)`;

/** Instances spread over five states, one second apart in last transition (newest first = g ascending). */
async function seed(ctx: BenchContext, from: number, count: number): Promise<void> {
  await ctx.db.exec(
    `INSERT INTO workflow_instances (
  uuid, workflow_name, current_state, version, definition_version, expires_at, last_transition_at,
  context_json, metadata_json, created_at, updated_at
)
SELECT gen_random_uuid(), $1, ($2::text[])[1 + g % 5], 0, 1, NULL, now() - g * interval '1 second',
  '{}', '{}', now(), now()
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
}

interface AtSize {
  total: number;
  counts: number;
  groupBy: number;
  pages: Pages;
  pagesIndexed: Pages;
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
  return {
    first: await p50(ctx, runs, () => list({ workflowName: WORKFLOW, limit: PAGE })),
    deep: await p50(ctx, runs, () => list({ workflowName: WORKFLOW, limit: PAGE, after })),
  };
}

async function measureAt(
  ctx: BenchContext,
  store: WorkflowInstanceStore,
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
  const pages = await measurePages(ctx, store, pool, total, runs);
  await pool.query(PROPOSED_INDEX);
  await pool.query("ANALYZE workflow_instances");
  const pagesIndexed = await measurePages(ctx, store, pool, total, runs);
  await pool.query("DROP INDEX bench_instances_last_transition_idx");
  return { total, counts: median(countRuns), groupBy: median(baseRuns), pages, pagesIndexed };
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
    "interleaved. Instance pages of 50 (`listInstances`, keyset by last transition): the first page and a deep " +
    "page 90% of the way down, each without and with an index on " +
    "`(workflow_name, last_transition_at DESC, uuid DESC)` (created and dropped by the scenario). 1-caller p50 " +
    "latency, median of runs.",
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const [small, large] = ctx.quick ? [1_000, 20_000] : [10_000, 1_000_000];
    const runs = Math.min(ctx.runs, 3);
    await ctx.db.truncateWorkflowTables();
    const pool = ctx.db.pool(2);
    const { pgWorkflowProviders } = await import("@duraflows/pg");
    const store = pgWorkflowProviders(pool).instanceStore;
    let atSmall: AtSize;
    let atLarge: AtSize;
    try {
      await seed(ctx, 1, small);
      atSmall = await measureAt(ctx, store, pool, small, runs);
      ctx.log(`dashboard: seeding up to ${large.toLocaleString("en-US")} instances`);
      await seed(ctx, small + 1, large - small);
      atLarge = await measureAt(ctx, store, pool, large, runs);
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
            row("first page of 50, with the index", (s) => s.pagesIndexed.first),
            row("deep page of 50 (90%), with the index", (s) => s.pagesIndexed.deep),
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
          ],
        },
      ],
      targets: [],
      notes: [],
    };
  },
};
