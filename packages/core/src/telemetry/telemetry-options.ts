/** Anything with `getTracer`, such as an OpenTelemetry SDK `TracerProvider`. */
export interface TelemetryTracerProvider {
  /** Returns a tracer for the instrumentation scope `name`. */
  getTracer(name: string, version?: string): unknown;
}

/** Anything with `getMeter`, such as an OpenTelemetry SDK `MeterProvider`. */
export interface TelemetryMeterProvider {
  /** Returns a meter for the instrumentation scope `name`. */
  getMeter(name: string, version?: string): unknown;
}

/**
 * OpenTelemetry settings of a runtime. Without them, the runtime uses the globally registered providers when
 * `@opentelemetry/api` is installed and an SDK is registered, and does no telemetry work otherwise.
 */
export interface WorkflowTelemetryOptions {
  /** `false` turns all spans, metrics and trace metadata off. Default `true`. */
  enabled?: boolean;
  /** Tracer provider to use instead of the global one. */
  tracerProvider?: TelemetryTracerProvider;
  /** Meter provider to use instead of the global one. */
  meterProvider?: TelemetryMeterProvider;
  /**
   * How the span of deferred work (a queued event run by a worker, a timeout fired by the sweep) relates to the
   * trace that scheduled it: `"link"` (default) starts a trace of its own with a span link to the scheduling
   * span; `"parent"` makes the scheduling span its parent, so the deferred work lands in the same trace.
   */
  deferredTrace?: "link" | "parent";
  /**
   * `false` leaves out the observable gauges (`duraflows.timeout.lag`, `duraflows.queue.depth`,
   * `duraflows.execution.count`), which read the stores at each metric collection. Turn them off on all but one
   * runtime when several runtimes of a process share the same database. Default `true`.
   */
  gauges?: boolean;
}
