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
}
