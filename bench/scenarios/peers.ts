import { toggleWithCommandWorkflow } from "../fixtures/workflows.js";
import type { BenchDatabase } from "../lib/bench-database.js";
import { duraflowsContender, instanceSets } from "../lib/contenders.js";
import { createBenchRuntime, type BenchRuntime } from "../lib/duraflows.js";
import { compareInterleaved, runClosedLoop, type Contender, type MedianSample } from "../lib/load.js";
import { ratio } from "../lib/stats.js";
import type { BenchContext, Cell, Scenario, ScenarioResult, TargetCheck } from "../lib/types.js";

const DURAFLOWS = "duraflows (1 transition, 1 command)";
const DBOS_NAME = "DBOS (1-step workflow)";
const PGBOSS = "pg-boss (send + fetch + complete)";

/** A contender plus what must be closed after it. */
interface OpenContender extends Contender {
  close(): Promise<void>;
}

/** A DBOS runtime launched once for the scenario (DBOS is a process-wide singleton). */
interface LaunchedDbos {
  contender(callers: number): OpenContender;
  shutdown(): Promise<void>;
}

/*
 * DBOS keeps its own system database (workflow status, step outputs); it lives next to the bench database on
 * the same server and is dropped with it. The workflow runs one step, the DBOS equivalent of one command.
 */
async function launchDbos(ctx: BenchContext, poolSize: number): Promise<LaunchedDbos> {
  const { DBOS } = await import("@dbos-inc/dbos-sdk");
  const systemDatabase = `${ctx.db.name}_dbos_sys`;
  ctx.registerSibling(systemDatabase);
  DBOS.setConfig({
    name: "duraflows-bench",
    systemDatabaseUrl: ctx.db.siblingUrl(systemDatabase),
    systemDatabasePoolSize: poolSize,
    logLevel: "error",
  });
  const step = async (): Promise<{ ok: boolean }> => ({ ok: true });
  const oneStep = DBOS.registerWorkflow(
    async (input: number): Promise<number> => {
      await DBOS.runStep(step, { name: "noop" });
      return input;
    },
    { name: "oneStep" },
  );
  await DBOS.launch();
  return {
    contender: (callers) => ({
      name: DBOS_NAME,
      run: (durationMs) => runClosedLoop(callers, durationMs, (_caller, i) => oneStep(i)),
      close: async () => {},
    }),
    shutdown: () => DBOS.shutdown(),
  };
}

/** pg-boss in its own schema of the bench database; one operation = a job's whole life: send, fetch, complete. */
async function pgBossContender(db: BenchDatabase, callers: number): Promise<OpenContender> {
  const PgBoss = (await import("pg-boss")).default;
  const boss = new PgBoss({
    connectionString: db.url,
    schema: "pgboss_bench",
    max: callers + 1,
    supervise: false,
    schedule: false,
  });
  boss.on("error", (error: unknown) => console.warn(`pg-boss: ${String(error)}`));
  await boss.start();
  const queue = "bench";
  await boss.createQueue(queue);
  const lifecycle = async (i: number): Promise<void> => {
    await boss.send(queue, { i });
    // Another caller may have taken the job this caller sent; every caller sent one first, so one is there.
    for (let attempt = 0; attempt < 100; attempt++) {
      const [job] = await boss.fetch(queue);
      if (job) {
        await boss.complete(queue, job.id);
        return;
      }
    }
    throw new Error("pg-boss: no job to fetch after 100 attempts");
  };
  return {
    name: PGBOSS,
    run: (durationMs) => runClosedLoop(callers, durationMs, (_caller, i) => lifecycle(i)),
    close: () => boss.stop({ graceful: false, wait: true }),
  };
}

/** duraflows, DBOS and pg-boss doing one durable unit of work each on the same PostgreSQL. */
export const peersScenario: Scenario = {
  name: "peers",
  title: "Peers on the same PostgreSQL",
  method:
    "N concurrent callers, each running one durable operation after another, on the same PostgreSQL server: " +
    "duraflows fires an event whose transition runs one (no-op) command (`triggerEvent` on " +
    "`@duraflows/pg`); DBOS runs a workflow with one (no-op) step (its system database on the same server); " +
    "pg-boss 10 sends a job, fetches it and completes it (schema `pgboss_bench`, no supervisor or scheduler). " +
    "Ratio = duraflows operations/s ÷ the peer's operations/s in the same run.",
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const levels = ctx.quick ? [1] : [1, 8];
    const rows: Cell[][] = [];
    const targets: TargetCheck[] = [];
    const notes = new Set<string>();
    let dbos: LaunchedDbos | undefined;
    let duraflows: BenchRuntime | undefined;
    try {
      dbos = await launchDbos(ctx, Math.max(...levels) + 2);
    } catch (error) {
      notes.add(`DBOS could not launch: ${error instanceof Error ? error.message : String(error)}`);
    }
    try {
      duraflows = await createBenchRuntime("pg", ctx.db, Math.max(...levels));
      for (const callers of levels) {
        ctx.log(`peers: ${callers} caller(s)`);
        const sets = await instanceSets(duraflows.runtime, toggleWithCommandWorkflow.name, callers, 10);
        const contenders: OpenContender[] = [
          { ...duraflowsContender(DURAFLOWS, duraflows.runtime, sets), close: async () => {} },
        ];
        if (dbos) contenders.push(dbos.contender(callers));
        try {
          contenders.push(await pgBossContender(ctx.db, callers));
        } catch (error) {
          notes.add(`pg-boss could not run: ${error instanceof Error ? error.message : String(error)}`);
        }
        let medians: Map<string, MedianSample>;
        try {
          medians = await compareInterleaved(contenders, ctx.runs, ctx.durationMs, ctx.warmupMs);
        } finally {
          await Promise.allSettled(contenders.map((c) => c.close()));
        }
        const d = medians.get(DURAFLOWS);
        for (const name of [DURAFLOWS, DBOS_NAME, PGBOSS]) {
          const m = medians.get(name);
          const r = name === DURAFLOWS ? null : ratio(d?.opsPerSecond, m?.opsPerSecond);
          rows.push([
            String(callers),
            name,
            m?.opsPerSecond ?? null,
            m?.p50Ms ?? null,
            m?.p99Ms ?? null,
            name === DURAFLOWS ? "—" : r === null ? null : `${r.toFixed(2)}×`,
          ]);
        }
        const vsDbos = ratio(d?.opsPerSecond, medians.get(DBOS_NAME)?.opsPerSecond);
        targets.push({
          name: `duraflows one-command transition vs DBOS one-step workflow, ${callers} caller${callers === 1 ? "" : "s"}`,
          threshold: 1,
          measured: vsDbos,
          met: vsDbos !== null && vsDbos >= 1,
        });
      }
    } finally {
      await duraflows?.close();
      await dbos?.shutdown();
    }
    return {
      tables: [
        {
          title: "Durable operations per second (median of runs)",
          columns: ["callers", "system", "operations/s", "p50 ms", "p99 ms", "duraflows ÷ this"],
          rows,
        },
      ],
      targets,
      notes: [...notes],
    };
  },
};
