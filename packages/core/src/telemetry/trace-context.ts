import type { SpanContext } from "@opentelemetry/api";

/** A span link to a remote span context (structurally an OpenTelemetry `Link`). */
export interface TelemetryLink {
  context: { traceId: string; spanId: string; traceFlags: number; isRemote?: boolean };
}

/** A W3C trace context as stored with a queued event. */
export interface StoredTraceContext {
  traceparent: string;
  tracestate?: string;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** Formats a span context as a W3C `traceparent` (plus `tracestate`). @internal */
export function formatTraceContext(
  context: Pick<SpanContext, "traceId" | "spanId" | "traceFlags" | "traceState">,
): StoredTraceContext {
  const flags = (context.traceFlags & 0xff).toString(16).padStart(2, "0");
  const stored: StoredTraceContext = { traceparent: `00-${context.traceId}-${context.spanId}-${flags}` };
  const state = context.traceState?.serialize();
  if (state) stored.tracestate = state;
  return stored;
}

/**
 * Parses what {@link formatTraceContext} stored into a span link; `undefined` for anything else (the metadata
 * is user-writable, so a malformed value is ignored rather than trusted).
 *
 * @internal
 */
export function linkFromStored(value: unknown): TelemetryLink | undefined {
  if (value === null || typeof value !== "object") return undefined;
  const traceparent = (value as { traceparent?: unknown }).traceparent;
  if (typeof traceparent !== "string") return undefined;
  const match = TRACEPARENT.exec(traceparent);
  if (!match || /^0+$/.test(match[1]) || /^0+$/.test(match[2])) return undefined;
  return {
    context: { traceId: match[1], spanId: match[2], traceFlags: parseInt(match[3], 16) & 1, isRemote: true },
  };
}
