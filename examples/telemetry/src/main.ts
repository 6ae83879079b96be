// An application that starts an OpenTelemetry SDK sees duraflows work in its traces and metrics with no
// duraflows-specific code. This example registers an in-memory SDK, runs a checkout workflow (two commands,
// an onEnter hop, a guard rejection, a timeout sweep) and prints the span tree and the metric values.
import { context, metrics, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from "@opentelemetry/sdk-metrics";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import {
  InMemoryCommandRegistry,
  InMemoryDefinitionRegistry,
  InMemoryGuardRegistry,
  WorkflowCompiler,
  WorkflowRuntime,
  WorkflowValidator,
  type WorkflowDefinition,
} from "@duraflows/core";
import { SimulatedClock, createInMemoryPersistence } from "@duraflows/core/testing";

// 1. The application's OpenTelemetry setup (in production: NodeSDK with an OTLP exporter).
const spans = new InMemorySpanExporter();
const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const meterProvider = new MeterProvider({
  readers: [new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 })],
});
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }));
metrics.setGlobalMeterProvider(meterProvider);

// 2. A plain duraflows runtime: nothing telemetry-specific.
const checkout: WorkflowDefinition = {
  name: "checkout",
  initialState: "cart",
  states: {
    cart: {
      events: {
        PlaceOrder: { targetState: "placed", commands: [{ name: "reserveStock" }, { name: "chargeCard" }] },
        Abandon: { guard: { name: "isEmpty" }, targetState: "abandoned", timeout: { afterHours: 24 } },
      },
    },
    placed: { onEnter: { commands: [{ name: "sendConfirmation" }], targetState: "confirmed" } },
    confirmed: {},
    abandoned: {},
  },
};
const definitionRegistry = new InMemoryDefinitionRegistry({
  validator: new WorkflowValidator(),
  compiler: new WorkflowCompiler(),
});
definitionRegistry.register(checkout);
const commandRegistry = new InMemoryCommandRegistry();
commandRegistry.register("reserveStock", { execute: () => ({ ok: true }) });
commandRegistry.register("chargeCard", { execute: () => ({ ok: true, code: "CAPTURED" }) });
commandRegistry.register("sendConfirmation", { execute: () => ({ ok: true }) });
const guardRegistry = new InMemoryGuardRegistry();
guardRegistry.register("isEmpty", {
  name: "isEmpty",
  evaluate: (_subject, ctx) => ctx.context["items"] === 0,
});
const clock = new SimulatedClock(new Date("2030-01-01T09:00:00Z"));
const runtime = new WorkflowRuntime({
  ...createInMemoryPersistence(),
  definitionRegistry,
  commandRegistry,
  guardRegistry,
  clock,
});

// 3. Some work.
const paid = await runtime.createInstance({ workflowName: "checkout", context: { items: 2 } });
await runtime.getHandle(paid.uuid).triggerEvent("PlaceOrder");
const idle = await runtime.createInstance({ workflowName: "checkout", context: { items: 1 } });
await runtime.getHandle(idle.uuid).triggerEvent("Abandon"); // rejected by the guard: items ≠ 0
clock.advance(25 * 3_600_000);
await runtime.processExpiredWorkflows(); // the guard rejects the timeout too

// 4. What an OpenTelemetry backend would show.
function printTree(finished: readonly ReadableSpan[]): void {
  const ids = new Set(finished.map((span) => span.spanContext().spanId));
  const parentOf = (span: ReadableSpan) => {
    const parent = span.parentSpanContext?.spanId;
    return parent !== undefined && ids.has(parent) ? parent : undefined;
  };
  const print = (parent: string | undefined, depth: number): void => {
    for (const span of finished.filter((candidate) => parentOf(candidate) === parent)) {
      const outcome = span.attributes["duraflows.outcome"] ?? span.attributes["duraflows.timeout.result"];
      const ms = (span.duration[0] * 1e3 + span.duration[1] / 1e6).toFixed(2);
      // A timeout links to the span that armed it (here: the instance's creation), in another trace.
      const links = span.links.map((link) => {
        const target = finished.find((other) => other.spanContext().spanId === link.context.spanId);
        return ` → linked to ${target?.name ?? link.context.spanId}`;
      });
      console.log(
        `${"  ".repeat(depth)}${span.name}${outcome === undefined ? "" : ` [${String(outcome)}]`} ${ms} ms${links.join("")}`,
      );
      print(span.spanContext().spanId, depth + 1);
    }
  };
  print(undefined, 0);
}
console.log("spans:");
printTree(spans.getFinishedSpans());

await meterProvider.forceFlush();
const batches = metricExporter.getMetrics();
console.log("\nmetrics:");
for (const scope of batches[batches.length - 1]?.scopeMetrics ?? []) {
  for (const metric of scope.metrics) {
    for (const point of metric.dataPoints) {
      const value = point.value as number | { count: number };
      const shown = typeof value === "number" ? value : `count ${value.count}`;
      console.log(`  ${metric.descriptor.name} ${JSON.stringify(point.attributes)} = ${shown}`);
    }
  }
}
