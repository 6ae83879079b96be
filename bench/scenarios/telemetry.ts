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
import { comparePaired } from "../lib/compare-paired.js";
import { runClosedLoop, type Contender } from "../lib/load.js";
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

/**
 * Each timed run of the harness is split into this many shorter rounds: more back-to-back pairs for the
 * per-round ratios in the same total time (on one connection a run's throughput swings with the WAL flush).
 */
const ROUNDS_PER_RUN = 5;

/** Transitions counted per set-up for the statements-per-transition column (exact, so a few are enough). */
const COUNTED_TRANSITIONS = 100;

interface Measured {
  rows: Cell[][];
  /** API only vs no SDK: transitions/s, per round. */
  apiThroughput: number | null;
  /** API only vs no SDK: transitions per CPU-second, per round. */
  apiCpu: number | null;
}

async function statementsPerTransition(
  bench: BenchRuntime,
  fire: () => Promise<unknown>,
): Promise<number | null> {
  if (!bench.counter) return null;
  // Warm first: the first transitions of a runtime also load the definition and prepare statements.
  for (let i = 0; i < COUNTED_TRANSITIONS; i++) await fire();
  bench.counter.reset();
  for (let i = 0; i < COUNTED_TRANSITIONS; i++) await fire();
  return bench.counter.snapshot().statements / COUNTED_TRANSITIONS;
}

async function measure(ctx: BenchContext, backend: Backend): Promise<Measured> {
  const benches: BenchRuntime[] = [];
  const all = setups();
  try {
    const contenders: Contender[] = [];
    const statements = new Map<string, number | null>();
    for (const setup of all) {
      const bench = await createBenchRuntime(backend, ctx.db, 1, setup.options);
      benches.push(bench);
      const uuid = (await bench.runtime.createInstance({ workflowName: toggleWithCommandWorkflow.name }))
        .uuid;
      const fire = () => bench.runtime.triggerEvent({ workflowInstanceUuid: uuid, eventName: "go" });
      statements.set(setup.name, await statementsPerTransition(bench, fire));
      contenders.push({ name: setup.name, run: (durationMs) => runClosedLoop(1, durationMs, fire) });
    }
    const results = await comparePaired(
      contenders,
      ctx.runs * ROUNDS_PER_RUN,
      Math.max(1, Math.round(ctx.durationMs / ROUNDS_PER_RUN)),
      ctx.warmupMs,
    );
    const rows = all.map((setup): Cell[] => {
      const result = results.get(setup.name)!;
      return [
        setup.name,
        result.opsPerSecond,
        1e6 / result.opsPerSecond,
        `${result.throughputRatio.toFixed(3)}×`,
        result.cpuMicrosPerOp,
        `${result.cpuRatio.toFixed(3)}×`,
        statements.get(setup.name) ?? null,
      ];
    });
    const api = results.get(all[1].name)!;
    return { rows, apiThroughput: finite(api.throughputRatio), apiCpu: finite(api.cpuRatio) };
  } finally {
    for (const bench of benches) await bench.close();
    for (const setup of all) await setup.close?.();
  }
}

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

function target(name: string, measured: number | null): TargetCheck {
  return { name, threshold: 0.97, measured, met: measured !== null && measured >= 0.97 };
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
    "metrics). In memory, then on @duraflows/pg with one connection each. Each run is split into five rounds; " +
    "in every round the contenders run back to back in rotating order. Ratio = median over the rounds of " +
    "transitions/s ÷ the no-SDK transitions/s of the same round; CPU = the process's user + system CPU over " +
    "a round ÷ its transitions, CPU ratio = no-SDK CPU ÷ this CPU, round by round. Statements per transition " +
    "are counted on the pool over 100 transitions. Both targets are judged on throughput; PostgreSQL also on " +
    "CPU (one connection's throughput is mostly the commit's WAL flush, which the API cannot change).",
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
      // Throughput, round by round. On one PostgreSQL connection it is mostly the wait on the commit's WAL
      // flush, which swings by 2× between runs on a shared machine and is the same for every set-up (same
      // statements, counted in the table); the API can only cost CPU, so pg is also judged on CPU.
      targets.push(
        target(
          `${label} transitions/s with the API and no SDK vs without the API (≤ 3% cost)`,
          measured.apiThroughput,
        ),
      );
      if (backend !== "memory") {
        targets.push(
          target(
            `${label} Node CPU per transition with the API and no SDK vs without the API (≤ 3% cost)`,
            measured.apiCpu,
          ),
        );
      }
    }
    context.disable();
    return {
      tables: [
        {
          title: "Transitions per second and Node CPU per transition, one caller (medians of rounds)",
          columns: [
            "persistence",
            "telemetry",
            "transitions/s",
            "µs per transition",
            "ratio vs no SDK",
            "CPU µs per transition",
            "CPU ratio vs no SDK",
            "statements per transition",
          ],
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
