import type { Meter, ProxyTracerProvider, Span, Tracer, TracerProvider } from "@opentelemetry/api";
import { loadOtelApi, type OtelApiModule } from "./load-otel-api.js";
import { NOOP_SPAN, RecordingSpanHandle, type SpanHandle, type TelemetryValue } from "./span-handle.js";
import { formatTraceContext, linkFromStored, type StoredTraceContext } from "./trace-context.js";
import type { WorkflowTelemetryOptions } from "./telemetry-options.js";
import type { GaugeSource } from "./workflow-gauges.js";
import { WorkflowMetrics } from "./workflow-metrics.js";

const SCOPE = "@duraflows/core";

/**
 * Where every copy of `@opentelemetry/api` 1.x keeps its global registrations (`trace`, `metrics`, …): the key
 * is fixed across 1.x so that copies of different versions share them. Reading it directly is what makes the
 * check cheap when no SDK is registered; the API's own getters are called only once something is there.
 */
const GLOBAL_API_KEY = Symbol.for("opentelemetry.js.api.1");

function globalRegistry(): { trace?: unknown; metrics?: unknown } | undefined {
  return (globalThis as Record<symbol, { trace?: unknown; metrics?: unknown } | undefined>)[GLOBAL_API_KEY];
}
const SPAN_KIND_INTERNAL = 0;
const STATUS_ERROR = 2;

/**
 * The runtime's OpenTelemetry access. Everything is a cheap no-op when `@opentelemetry/api` is not installed,
 * when the options disable it, or when no SDK is registered; the hooks check {@link active} first.
 *
 * @internal
 */
export class WorkflowTelemetry {
  private readonly api: OtelApiModule | null;
  private readonly explicitTracer: Tracer | undefined;
  private readonly explicitMeter: Meter | undefined;
  private readonly noopTracerProvider: TracerProvider | undefined;
  private globalTracer: Tracer | undefined;
  private meterSource: unknown;
  private meterInstruments: WorkflowMetrics | undefined;
  private readonly parentDeferred: boolean;
  private seenTraceEntry: unknown;
  private globalTracing = false;
  private gaugeSource: GaugeSource | undefined;

  constructor(private readonly options: WorkflowTelemetryOptions | undefined) {
    this.parentDeferred = options?.deferredTrace === "parent";
    this.api = options?.enabled === false ? null : loadOtelApi();
    const api = this.api;
    if (!api) return;
    this.explicitTracer = options?.tracerProvider?.getTracer(SCOPE) as Tracer | undefined;
    this.explicitMeter = options?.meterProvider?.getMeter(SCOPE) as Meter | undefined;
    // What the global proxy delegates to while no SDK is registered.
    this.noopTracerProvider = new api.ProxyTracerProvider().getDelegate();
  }

  /** Whether spans are recorded (an SDK tracer provider is given or registered globally). */
  tracing(): boolean {
    const api = this.api;
    if (!api) return false;
    if (this.explicitTracer) return true;
    // Nothing registered (the common case without an SDK): two property reads, no API call.
    const entry = globalRegistry()?.trace;
    if (entry === undefined) return false;
    if (entry !== this.seenTraceEntry) {
      this.seenTraceEntry = entry;
      const provider = api.trace.getTracerProvider() as Partial<ProxyTracerProvider>;
      const delegate = typeof provider.getDelegate === "function" ? provider.getDelegate() : provider;
      this.globalTracing = delegate !== this.noopTracerProvider;
    }
    return this.globalTracing;
  }

  /**
   * Gives the stores the observable gauges read (unless the options turn gauges off), and registers the
   * instruments at once when a meter provider is already there.
   */
  observe(source: GaugeSource): void {
    if (this.options?.gauges === false) return;
    this.gaugeSource = source;
    this.metrics();
  }

  /** The metric instruments, or `undefined` when no meter provider is given or registered. */
  metrics(): WorkflowMetrics | undefined {
    const api = this.api;
    if (!api) return undefined;
    if (this.explicitMeter) {
      this.meterInstruments ??= new WorkflowMetrics(this.explicitMeter, this.gaugeSource);
      return this.meterInstruments;
    }
    if (globalRegistry()?.metrics === undefined) return undefined;
    const provider = api.metrics.getMeterProvider();
    if (provider !== this.meterSource) {
      // A provider registered (or replaced) since the last call: rebuild the instruments on its meter.
      this.meterSource = provider;
      const meter = provider.getMeter(SCOPE);
      this.meterInstruments =
        meter === api.createNoopMeter() ? undefined : new WorkflowMetrics(meter, this.gaugeSource);
    }
    return this.meterInstruments;
  }

  /** Whether any hook has work to do. */
  active(): boolean {
    return this.api !== null && (this.tracing() || this.metrics() !== undefined);
  }

  /**
   * Starts a span, child of the active one; {@link NOOP_SPAN} when tracing is off. `origin` is the stored trace
   * context of the work that scheduled this one (see {@link captureContext}): the span links to it, or, with
   * `deferredTrace: "parent"`, becomes its child. A malformed `origin` is ignored.
   */
  start(name: string, attributes?: Record<string, TelemetryValue>, origin?: unknown): SpanHandle {
    const api = this.api;
    if (!api || !this.tracing()) return NOOP_SPAN;
    const tracer = this.explicitTracer ?? (this.globalTracer ??= api.trace.getTracer(SCOPE));
    const link = origin === undefined ? undefined : linkFromStored(origin);
    let parent = api.context.active();
    if (link && this.parentDeferred) parent = api.trace.setSpanContext(parent, link.context);
    const span = tracer.startSpan(
      name,
      {
        kind: SPAN_KIND_INTERNAL,
        ...(attributes ? { attributes } : {}),
        ...(link && !this.parentDeferred ? { links: [link] } : {}),
      },
      parent,
    );
    return new RecordingSpanHandle(span, STATUS_ERROR);
  }

  /** Runs `fn` with `handle`'s span as the active span (children nest under it). */
  within<T>(handle: SpanHandle, fn: () => T): T {
    const api = this.api;
    if (!api || handle.span === undefined) return fn();
    return api.context.with(api.trace.setSpan(api.context.active(), handle.span as Span), fn);
  }

  /** Runs `fn` in a new span that ends when it settles; a rejection is recorded with status ERROR. */
  run<T>(
    name: string,
    attributes: Record<string, TelemetryValue> | undefined,
    fn: (span: SpanHandle) => Promise<T>,
    origin?: unknown,
  ): Promise<T> {
    const handle = this.start(name, attributes, origin);
    if (handle === NOOP_SPAN) return fn(handle);
    return this.within(handle, async () => {
      try {
        return await fn(handle);
      } catch (error) {
        handle.fail(error);
        throw error;
      } finally {
        handle.end();
      }
    });
  }

  /** The active trace context as `traceparent`/`tracestate`, when tracing and a valid span is active. */
  captureContext(): StoredTraceContext | undefined {
    const api = this.api;
    if (!api || !this.tracing()) return undefined;
    const context = api.trace.getActiveSpan()?.spanContext();
    return context && api.isSpanContextValid(context) ? formatTraceContext(context) : undefined;
  }
}

/** Seconds since `start` (a `performance.now()` reading). @internal */
export function secondsSince(start: number): number {
  return (performance.now() - start) / 1000;
}
