import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import type { InMemoryMeters } from "./otel-harness.js";

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
  meters: InMemoryMeters,
  name: string,
  attributes: Record<string, unknown>,
): Promise<number | undefined> {
  await meters.meterProvider.forceFlush();
  const batches = meters.metricExporter.getMetrics();
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
