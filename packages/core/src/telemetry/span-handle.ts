import type { Span } from "@opentelemetry/api";

/** A span attribute value duraflows sets. */
export type TelemetryValue = string | number | boolean;

/**
 * What the runtime hooks do with a span. The disabled variant ({@link NOOP_SPAN}) does nothing, so a hook
 * needs no `if` of its own.
 *
 * @internal
 */
export interface SpanHandle {
  /** The OpenTelemetry span, `undefined` when tracing is off (typed loosely: the API is an optional peer). */
  readonly span: object | undefined;
  /** Sets an attribute; `undefined` and `null` are skipped. */
  set(key: string, value: TelemetryValue | null | undefined): void;
  /** Replaces the span name (once the workflow is known). */
  rename(name: string): void;
  /** Records the exception and sets status ERROR. */
  fail(error: unknown): void;
  /** Sets status ERROR with `message`, without an exception (a business failure). */
  setError(message: string): void;
  /** Ends the span. */
  end(): void;
}

/** The span handle of disabled tracing. @internal */
export const NOOP_SPAN: SpanHandle = Object.freeze({
  span: undefined,
  set: () => undefined,
  rename: () => undefined,
  fail: () => undefined,
  setError: () => undefined,
  end: () => undefined,
});

/** Wraps a recording span. @internal */
export class RecordingSpanHandle implements SpanHandle {
  constructor(
    private readonly otelSpan: Span,
    private readonly errorCode: number,
  ) {}

  get span(): object {
    return this.otelSpan;
  }

  set(key: string, value: TelemetryValue | null | undefined): void {
    if (value !== undefined && value !== null) this.otelSpan.setAttribute(key, value);
  }

  rename(name: string): void {
    this.otelSpan.updateName(name);
  }

  fail(error: unknown): void {
    if (error instanceof Error) this.otelSpan.recordException(error);
    else this.otelSpan.recordException(String(error));
    this.otelSpan.setStatus({
      code: this.errorCode,
      message: error instanceof Error ? error.message : String(error),
    });
  }

  setError(message: string): void {
    this.otelSpan.setStatus({ code: this.errorCode, message });
  }

  end(): void {
    this.otelSpan.end();
  }
}
