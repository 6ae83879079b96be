import { performance } from "node:perf_hooks";
import { toggleWorkflow } from "../fixtures/workflows.js";
import { createBenchRuntime } from "../lib/duraflows.js";
import { compareInterleaved, runClosedLoop, type Contender, type RunSample } from "../lib/load.js";
import { ratio } from "../lib/stats.js";
import type { BenchContext, Scenario, ScenarioResult } from "../lib/types.js";

/**
 * XState v5 actor of the same toggle machine. `send` is synchronous, so the loop sends in chunks of 1,000
 * between clock reads (reading the clock per event would cost more than the transition itself).
 */
async function xstateContender(): Promise<Contender> {
  const { createActor, createMachine } = await import("xstate");
  const machine = createMachine({
    id: toggleWorkflow.name,
    initial: "a",
    states: { a: { on: { go: "b" } }, b: { on: { go: "a" } } },
  });
  const actor = createActor(machine).start();
  return {
    name: "XState v5",
    run: async (durationMs): Promise<RunSample> => {
      const chunk = 1000;
      const started = performance.now();
      const deadline = started + durationMs;
      let ops = 0;
      while (performance.now() < deadline) {
        for (let i = 0; i < chunk; i++) actor.send({ type: "go" });
        ops += chunk;
        // Yield now and then like the async side does, so timers and GC get the same chances.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      const seconds = (performance.now() - started) / 1000;
      const perOpMs = (seconds * 1000) / ops;
      return { ops, seconds, opsPerSecond: ops / seconds, p50Ms: perOpMs, p99Ms: Number.NaN };
    },
  };
}

/** The duraflows runtime on createInMemoryPersistence() against an XState v5 actor, same machine. */
export const inMemoryScenario: Scenario = {
  name: "in-memory",
  title: "In memory versus XState v5",
  method:
    "One caller fires `go` on a two-state toggle back to back: the duraflows `WorkflowRuntime` on " +
    "`createInMemoryPersistence()` from `@duraflows/core/testing` (one awaited `triggerEvent` per transition: " +
    "a row lock, the instance write and its history row in one transaction, which for a command-less event " +
    "on the in-memory stores runs synchronously) versus an XState v5 actor of the same machine " +
    "(`actor.send`). Ratio = duraflows transitions/s ÷ XState transitions/s in the same run.",
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const bench = await createBenchRuntime("memory", undefined, 1);
    const uuid = (await bench.runtime.createInstance({ workflowName: toggleWorkflow.name })).uuid;
    const duraflows: Contender = {
      name: "duraflows in memory",
      run: (durationMs) =>
        runClosedLoop(1, durationMs, () =>
          bench.runtime.triggerEvent({ workflowInstanceUuid: uuid, eventName: "go" }),
        ),
    };
    const xstate = await xstateContender();
    const medians = await compareInterleaved([xstate, duraflows], ctx.runs, ctx.durationMs, ctx.warmupMs);
    const x = medians.get(xstate.name)!;
    const d = medians.get(duraflows.name)!;
    const measured = ratio(d.opsPerSecond, x.opsPerSecond);
    return {
      tables: [
        {
          title: "Transitions per second, one caller (median of runs)",
          columns: ["engine", "transitions/s", "µs per transition", "ratio vs XState"],
          rows: [
            ["XState v5 actor", x.opsPerSecond, 1e6 / x.opsPerSecond, "1.00×"],
            [
              "duraflows WorkflowRuntime, in-memory persistence",
              d.opsPerSecond,
              1e6 / d.opsPerSecond,
              measured === null ? null : `${measured.toFixed(2)}×`,
            ],
          ],
        },
      ],
      targets: [
        {
          name: "duraflows in-memory transitions/s vs XState v5",
          threshold: 1,
          measured,
          met: measured !== null && measured >= 1,
        },
      ],
      notes: [],
    };
  },
};
