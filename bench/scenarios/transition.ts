import { toggleWorkflow } from "../fixtures/workflows.js";
import {
  baselineContender,
  closeSubjects,
  duraflowsContender,
  instanceSets,
  openSubjects,
} from "../lib/contenders.js";
import { compareInterleaved, type Contender, type MedianSample } from "../lib/load.js";
import { ratio } from "../lib/stats.js";
import type { WorkflowRuntime } from "@duraflows/core";
import type { BenchContext, Cell, Scenario, ScenarioResult, TargetCheck } from "../lib/types.js";

const BASELINE = "hand-written pg";
const PG = "@duraflows/pg";
const KYSELY = "@duraflows/kysely";
const PG_LOCKING = "@duraflows/pg, locking";
const KYSELY_LOCKING = "@duraflows/kysely, locking";
const PG_ALTERNATING = "@duraflows/pg, two runtimes";

/** The ratio @duraflows/pg must reach against the baseline, by caller count. */
const PG_TARGETS = new Map([
  [1, 1.9],
  [8, 1.7],
]);
/** Caller counts at which @duraflows/kysely must at least match the baseline. */
const KYSELY_TARGET_LEVELS = [1, 8, 16];

/** Transition throughput at several concurrency levels against the hand-written 5-statement transaction. */
export const transitionScenario: Scenario = {
  name: "transition",
  title: "Transition throughput",
  method:
    "N concurrent callers each fire the command-less `go` event of a two-state toggle on their own instances " +
    "(10 per caller), back to back, for a fixed time (closed loop; at most N connections in use, so the pool " +
    "is effectively N). The baseline does the same durable work by hand with `pg`: BEGIN; SELECT … FOR " +
    "UPDATE; UPDATE instance (optimistic version check); INSERT history RETURNING uuid; COMMIT. Ratio = " +
    "duraflows transitions/s ÷ baseline transitions/s in the same run; contenders interleaved in rotating order, run by run.",
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const levels = ctx.quick ? [1, 2] : [1, 4, 8, 16];
    const perCaller = ctx.quick ? 2 : 10;
    const throughput: Cell[][] = [];
    const latency: Cell[][] = [];
    const targets: TargetCheck[] = [];
    const maxCallers = Math.max(...levels);
    const subjects = await openSubjects(ctx.db, maxCallers, [
      [PG, "pg"],
      [KYSELY, "kysely"],
      [PG_LOCKING, "pg-locking"],
      [KYSELY_LOCKING, "kysely-locking"],
      [PG_ALTERNATING, "pg"],
    ]);
    const baselinePool = ctx.db.pool(maxCallers);
    // The other runtime of PG_ALTERNATING, on the same pool (opened once, at the first level).
    let second: WorkflowRuntime | undefined;
    const notes = subjects.flatMap((s) => ("error" in s ? [s.error] : []));
    try {
      const creator = subjects.find((s) => "bench" in s && s.name === PG);
      if (!creator || !("bench" in creator)) throw new Error("@duraflows/pg could not run");
      for (const callers of levels) {
        ctx.log(`transition: ${callers} caller(s)`);
        await ctx.db.truncateInstances();
        const contenders: Contender[] = [
          baselineContender(
            BASELINE,
            baselinePool,
            await instanceSets(creator.bench.runtime, toggleWorkflow.name, callers, perCaller),
          ),
        ];
        for (const subject of subjects) {
          if (!("bench" in subject)) continue;
          // Its pool would take the server past max_connections (100) beside the others' 16 each.
          if (subject.name === PG_ALTERNATING && callers > 8) continue;
          const runtime = subject.bench.runtime;
          const sets = await instanceSets(runtime, toggleWorkflow.name, callers, perCaller);
          contenders.push(
            subject.name === PG_ALTERNATING
              ? duraflowsContender(subject.name, [runtime, (second ??= await subject.bench.twin())], sets)
              : duraflowsContender(subject.name, runtime, sets),
          );
        }
        const medians = await compareInterleaved(contenders, ctx.runs, ctx.durationMs, ctx.warmupMs);
        const base = medians.get(BASELINE);
        const [pg, kysely, pgLocking] = [medians.get(PG), medians.get(KYSELY), medians.get(PG_LOCKING)];
        const kyselyLocking = medians.get(KYSELY_LOCKING);
        const alternating = medians.get(PG_ALTERNATING);
        throughput.push([
          String(callers),
          base?.opsPerSecond ?? null,
          pg?.opsPerSecond ?? null,
          ratioText(pg, base),
          kysely?.opsPerSecond ?? null,
          ratioText(kysely, base),
          pgLocking?.opsPerSecond ?? null,
          ratioText(pgLocking, base),
          kyselyLocking?.opsPerSecond ?? null,
          ratioText(kyselyLocking, base),
          alternating?.opsPerSecond ?? null,
          ratioText(alternating, base),
        ]);
        latency.push([
          String(callers),
          ...[base, pg, kysely, pgLocking].map((m) => m?.p50Ms ?? null),
          ...[base, pg, kysely, pgLocking].map((m) => m?.p99Ms ?? null),
        ]);
        const plural = `${callers} caller${callers === 1 ? "" : "s"}`;
        const pgThreshold = PG_TARGETS.get(callers);
        if (pgThreshold !== undefined) {
          const measured = ratio(pg?.opsPerSecond, base?.opsPerSecond);
          targets.push({
            name: `@duraflows/pg command-less transitions/s vs hand-written baseline, ${plural}`,
            threshold: pgThreshold,
            measured,
            met: measured !== null && measured >= pgThreshold,
          });
        }
        if (KYSELY_TARGET_LEVELS.includes(callers)) {
          const measured = ratio(kysely?.opsPerSecond, base?.opsPerSecond);
          targets.push({
            name: `@duraflows/kysely transitions/s vs hand-written baseline, ${plural}`,
            threshold: 1,
            measured,
            met: measured !== null && measured >= 1,
          });
        }
      }
    } finally {
      await closeSubjects(subjects);
      await baselinePool.end();
    }
    return {
      tables: [
        {
          title: "Transitions per second (median of runs)",
          columns: [
            "callers",
            BASELINE,
            PG,
            "pg ratio",
            KYSELY,
            "kysely ratio",
            PG_LOCKING,
            "pg locking ratio",
            KYSELY_LOCKING,
            "kysely locking ratio",
            PG_ALTERNATING,
            "two runtimes ratio",
          ],
          rows: throughput,
        },
        {
          title: "Transition latency in ms (median of runs)",
          columns: [
            "callers",
            "baseline p50",
            "pg p50",
            "kysely p50",
            "pg locking p50",
            "baseline p99",
            "pg p99",
            "kysely p99",
            "pg locking p99",
          ],
          rows: latency,
        },
      ],
      targets,
      notes: [
        ...notes,
        "`@duraflows/pg` and `@duraflows/kysely` opt in to the runtime option `optimisticTransitions: true`: " +
          "the command-less `go` takes the optimistic path (an unlocked read, then one statement that checks " +
          "the version, writes the instance and appends the history row, autocommitted). A runtime remembers " +
          "the instances it moved this way last, so the next event on one of them skips the read (one " +
          "statement); each caller here cycles through its own 10 instances, so after the first pass every " +
          "event finds its instance remembered. `@duraflows/pg, two runtimes` is the opposite case: the same " +
          "options, but each pass over a caller's instances goes through the other of two runtimes on one " +
          "pool (two processes behind a load balancer), so every remembered instance has moved on (up to 8 " +
          "callers: its pool would take the server past max_connections at 16): one statement that " +
          "writes nothing, then the read and the write, until the runtime stops trusting its snapshots for a " +
          "while (1, 2, 4 … up to 1024 calls after each stale one). " +
          "`@duraflows/pg, locking` and `@duraflows/kysely, locking` keep the default: BEGIN; SELECT … FOR " +
          "UPDATE; the same write; COMMIT (what every transition with commands runs).",
      ],
    };
  },
};

function ratioText(a: MedianSample | undefined, b: MedianSample | undefined): Cell {
  const value = ratio(a?.opsPerSecond, b?.opsPerSecond);
  return value === null ? null : `${value.toFixed(2)}×`;
}
