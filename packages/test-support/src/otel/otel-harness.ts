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
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";

/** A globally registered tracer provider (with an async-hooks context manager) exporting to memory. */
export interface OtelTracing {
  spans: InMemorySpanExporter;
  tracerProvider: BasicTracerProvider;
  /** Shuts the provider down and unregisters the tracer provider and the context manager. */
  shutdown(): Promise<void>;
}

/** A meter provider exporting cumulative data points to memory; nothing exports on its own (1 h interval). */
export interface InMemoryMeters {
  meterProvider: MeterProvider;
  metricExporter: InMemoryMetricExporter;
}

/** A globally registered OpenTelemetry SDK with in-memory span and metric exporters. */
export interface OtelHarness extends OtelTracing, InMemoryMeters {
  /** Shuts both providers down and unregisters everything. */
  shutdown(): Promise<void>;
}

/**
 * Registers an async-hooks context manager and an in-memory tracer provider globally: the SDK set-up of a
 * service's main.ts, without metrics (so no observable gauge reads a store when the provider shuts down).
 */
export function registerOtelTracing(): OtelTracing {
  const spans = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(tracerProvider);
  return {
    spans,
    tracerProvider,
    async shutdown() {
      await tracerProvider.shutdown();
      trace.disable();
      context.disable();
    },
  };
}

/**
 * A meter provider of its own, not registered globally: pass it as `telemetry.meterProvider` so only that
 * runtime's instruments are read. Data points are read with `forceFlush()` (the periodic export waits an hour).
 */
export function inMemoryMeters(): InMemoryMeters {
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const meterProvider = new MeterProvider({
    readers: [
      new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 }),
    ],
  });
  return { meterProvider, metricExporter };
}

/** Registers a tracer provider, a meter provider and an async-hooks context manager globally. */
export function registerOtel(): OtelHarness {
  const tracing = registerOtelTracing();
  const meters = inMemoryMeters();
  metrics.setGlobalMeterProvider(meters.meterProvider);
  return {
    ...tracing,
    ...meters,
    async shutdown() {
      await meters.meterProvider.shutdown();
      metrics.disable();
      await tracing.shutdown();
    },
  };
}
