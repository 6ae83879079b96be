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

/** A globally registered OpenTelemetry SDK with in-memory span and metric exporters. */
export interface OtelHarness {
  spans: InMemorySpanExporter;
  tracerProvider: BasicTracerProvider;
  meterProvider: MeterProvider;
  metricExporter: InMemoryMetricExporter;
  /** Unregisters everything. */
  shutdown(): Promise<void>;
}

/** Registers a tracer provider, a meter provider and an async-hooks context manager globally. */
export function registerOtel(): OtelHarness {
  const spans = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const meterProvider = new MeterProvider({
    readers: [
      new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 }),
    ],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  return {
    spans,
    tracerProvider,
    meterProvider,
    metricExporter,
    async shutdown() {
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
      trace.disable();
      metrics.disable();
      context.disable();
    },
  };
}

/** The finished spans as an indented tree of names (children in start order). */
export function spanTree(finished: readonly ReadableSpan[]): string[] {
  const ids = new Set(finished.map((span) => span.spanContext().spanId));
  const children = new Map<string | undefined, ReadableSpan[]>();
  for (const span of finished) {
    const parent = span.parentSpanContext?.spanId;
    const key = parent !== undefined && ids.has(parent) ? parent : undefined;
    children.set(key, [...(children.get(key) ?? []), span]);
  }
  const lines: string[] = [];
  const walk = (parent: string | undefined, depth: number): void => {
    const list = [...(children.get(parent) ?? [])].sort(
      (a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1],
    );
    for (const span of list) {
      lines.push(`${"  ".repeat(depth)}${span.name}`);
      walk(span.spanContext().spanId, depth + 1);
    }
  };
  walk(undefined, 0);
  return lines;
}

/** Reads the cumulative value of a counter, or the count of a histogram, for the matching data point. */
export async function metricValue(
  harness: OtelHarness,
  name: string,
  attributes: Record<string, unknown>,
): Promise<number | undefined> {
  await harness.meterProvider.forceFlush();
  const batches = harness.metricExporter.getMetrics();
  const last = batches[batches.length - 1];
  for (const scope of last?.scopeMetrics ?? []) {
    for (const metric of scope.metrics) {
      if (metric.descriptor.name !== name) continue;
      for (const point of metric.dataPoints) {
        const matches = Object.entries(attributes).every(([key, value]) => point.attributes[key] === value);
        if (!matches) continue;
        const value = point.value as number | { count: number };
        return typeof value === "number" ? value : value.count;
      }
    }
  }
  return undefined;
}
