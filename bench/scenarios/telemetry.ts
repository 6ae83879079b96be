import { context } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import {
  AggregationTemporality,
  MeterProvider,
  PeriodicExportingMetricReader,
  type PushMetricExporter,
} from "@opentelemetry/sdk-metrics";
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from "@opentelemetry/sdk-trace-base";
import type { WorkflowTelemetryOptions } from "@duraflows/core";
import { toggleWithCommandWorkflow } from "../fixtures/workflows.js";
import { type Backend, type BenchRuntime, createBenchRuntime } from "../lib/duraflows.js";
import { compareInterleaved, runClosedLoop, type Contender } from "../lib/load.js";
import { ratio } from "../lib/stats.js";
import type { BenchContext, Cell, Scenario, ScenarioResult, TargetCheck } from "../lib/types.js";

const SUCCESS = 0;

/** A span exporter that drops everything: the cost measured is the SDK's, not an exporter's. */
const noopSpanExporter: SpanExporter = {
  export: (_spans, done) => done({ code: SUCCESS }),
  shutdown: async () => {},
};

/** A metric exporter that drops everything. */
const noopMetricExporter: PushMetricExporter = {
  export: (_metrics, done) => done({ code: SUCCESS }),
  forceFlush: async () => {},
  shutdown: async () => {},
  selectAggregationTemporality: () => AggregationTemporality.CUMULATIVE,
};

/** The three set-ups compared, each a runtime of its own with these telemetry options. */
function setups(): { name: string; options: WorkflowTelemetryOptions; close?: () => Promise<void> }[] {
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new BatchSpanProcessor(noopSpanExporter)],
  });
  const meterProvider = new MeterProvider({
    readers: [
      new PeriodicExportingMetricReader({ exporter: noopMetricExporter, exportIntervalMillis: 60_000 }),
    ],
  });
  return [
    // What a service without @opentelemetry/api gets: the runtime never loads it.
    { name: "no SDK (API absent)", options: { enabled: false } },
    // The API is installed, no SDK registered: the runtime checks and takes the uninstrumented path.
    { name: "API only, no SDK", options: {} },
    {
      name: "SDK, no-op exporters",
      options: { tracerProvider, meterProvider },
      close: async () => {
        await tracerProvider.shutdown();
        await meterProvider.shutdown();
      },
    },
  ];
}

async function measure(
  ctx: BenchContext,
  backend: Backend,
): Promise<{ rows: Cell[][]; apiRatio: number | null; sdkRatio: number | null }> {
  const benches: BenchRuntime[] = [];
  const all = setups();
  try {
    const contenders: Contender[] = [];
    for (const setup of all) {
      const bench = await createBenchRuntime(backend, ctx.db, 1, setup.options);
      benches.push(bench);
      const uuid = (await bench.runtime.createInstance({ workflowName: toggleWithCommandWorkflow.name }))
        .uuid;
      contenders.push({
        name: setup.name,
        run: (durationMs) =>
          runClosedLoop(1, durationMs, () =>
            bench.runtime.triggerEvent({ workflowInstanceUuid: uuid, eventName: "go" }),
          ),
      });
    }
    const medians = await compareInterleaved(contenders, ctx.runs, ctx.durationMs, ctx.warmupMs);
    const base = medians.get(all[0].name)!;
    const rows = all.map((setup): Cell[] => {
      const sample = medians.get(setup.name)!;
      const r = ratio(sample.opsPerSecond, base.opsPerSecond);
      return [
        setup.name,
        sample.opsPerSecond,
        1e6 / sample.opsPerSecond,
        r === null ? null : `${r.toFixed(3)}×`,
      ];
    });
    return {
      rows,
      apiRatio: ratio(medians.get(all[1].name)!.opsPerSecond, base.opsPerSecond),
      sdkRatio: ratio(medians.get(all[2].name)!.opsPerSecond, base.opsPerSecond),
    };
  } finally {
    for (const bench of benches) await bench.close();
    for (const setup of all) await setup.close?.();
  }
}

/** Transition throughput with the OpenTelemetry instrumentation off, idle (API only) and recording. */
export const telemetryScenario: Scenario = {
  name: "telemetry",
  title: "Cost of the OpenTelemetry instrumentation",
  method:
    "One caller fires `go` (one no-op command) on a two-state toggle back to back, on three runtimes that " +
    "differ only in their `telemetry` option: `enabled: false` (what a service without @opentelemetry/api " +
    "gets), the default with no SDK registered (API installed, idle), and an SDK tracer and meter provider " +
    "with exporters that drop everything (a span per trigger and per command, the transition and command " +
    "metrics). In memory, then on @duraflows/pg with one connection each. Ratio = transitions/s ÷ the " +
    "no-SDK transitions/s in the same run; contenders interleaved in rotating order, run by run.",
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    // What NodeSDK registers: spans of the SDK case nest under the active one.
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    const targets: TargetCheck[] = [];
    const rows: Cell[][] = [];
    for (const [label, backend] of [
      ["in memory", "memory"],
      ["@duraflows/pg", "pg"],
    ] as const) {
      ctx.log(`telemetry: ${label}`);
      await ctx.db.truncateInstances();
      const measured = await measure(ctx, backend);
      rows.push(...measured.rows.map((row) => [label, ...row]));
      targets.push({
        name: `${label} transitions/s with the API and no SDK vs without the API (≤ 3% cost)`,
        threshold: 0.97,
        measured: measured.apiRatio,
        met: measured.apiRatio !== null && measured.apiRatio >= 0.97,
      });
    }
    context.disable();
    return {
      tables: [
        {
          title: "Transitions per second, one caller (median of runs)",
          columns: ["persistence", "telemetry", "transitions/s", "µs per transition", "ratio vs no SDK"],
          rows,
        },
      ],
      targets,
      notes: [
        "The SDK rows show what recording costs (two spans and three metric points per transition, batched " +
          "to an exporter that drops them); a real exporter adds its own work off the request path.",
      ],
    };
  },
};
