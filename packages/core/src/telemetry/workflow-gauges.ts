import type { BatchObservableResult, Meter, ObservableGauge } from "@opentelemetry/api";
import type { DurableExecutionStatus } from "../model/durable-execution.js";
import type { WorkflowExecutionReads } from "../reads/execution-reads.js";
import type { WorkflowInstanceReads } from "../reads/instance-reads.js";
import { TelemetryAttributes as A } from "./telemetry-attributes.js";
import { TelemetryMetrics } from "./telemetry-metrics.js";

const STATUSES: readonly DurableExecutionStatus[] = [
  "pending",
  "running",
  "parked",
  "completed",
  "cancelled",
];

/** What the observable gauges read: the runtime's stores (their optional read capabilities) and clock. */
export interface GaugeSource {
  instances: Pick<WorkflowInstanceReads, "summarizeTimeouts">;
  executions: Pick<WorkflowExecutionReads, "summarizeExecutions"> | undefined;
  now(): Date;
}

/**
 * Registers the observable gauges on `meter`: one batch callback that reads the stores at each collection.
 * A gauge whose read capability the store lacks is left out; a failing read reports nothing for that
 * collection (a metric export must not fail because the database is briefly unreachable).
 *
 * @internal
 */
export function registerGauges(meter: Meter, source: GaugeSource): void {
  const timeouts = source.instances.summarizeTimeouts?.bind(source.instances);
  const executions = source.executions?.summarizeExecutions?.bind(source.executions);
  if (!timeouts && !executions) return;
  const depth = meter.createObservableGauge(TelemetryMetrics.queueDepth, {
    description: "Work waiting to run: overdue timeouts and pending durable executions",
    unit: "{item}",
  });
  const lag = timeouts
    ? meter.createObservableGauge(TelemetryMetrics.timeoutLag, {
        description:
          "How far the timeout sweep is behind: now minus the oldest overdue timeout (0 when none)",
        unit: "s",
      })
    : undefined;
  const byStatus = executions
    ? meter.createObservableGauge(TelemetryMetrics.executionCount, {
        description: "Durable executions in the store, by status",
        unit: "{execution}",
      })
    : undefined;
  const observables = [depth, ...(lag ? [lag] : []), ...(byStatus ? [byStatus] : [])];
  meter.addBatchObservableCallback(async (result: BatchObservableResult) => {
    await Promise.all([
      timeouts && lag ? observeTimeouts(result, timeouts, source.now(), depth, lag) : undefined,
      executions && byStatus ? observeExecutions(result, executions, depth, byStatus) : undefined,
    ]);
  }, observables);
}

async function observeTimeouts(
  result: BatchObservableResult,
  read: NonNullable<WorkflowInstanceReads["summarizeTimeouts"]>,
  now: Date,
  depth: ObservableGauge,
  lag: ObservableGauge,
): Promise<void> {
  try {
    const summary = await read({ now });
    result.observe(depth, summary.overdue, { [A.queue]: "timeout" });
    const oldest = summary.oldestOverdueAt;
    result.observe(lag, oldest === null ? 0 : Math.max(0, (now.getTime() - oldest.getTime()) / 1000));
  } catch {
    // Nothing observed this time (see above).
  }
}

async function observeExecutions(
  result: BatchObservableResult,
  read: NonNullable<WorkflowExecutionReads["summarizeExecutions"]>,
  depth: ObservableGauge,
  byStatus: ObservableGauge,
): Promise<void> {
  try {
    const counts = new Map<string, number>(STATUSES.map((status) => [status, 0]));
    for (const row of await read()) counts.set(row.status, row.count);
    // Every status is reported, 0 included, so a status that empties shows 0 rather than its last value.
    for (const [status, count] of counts) result.observe(byStatus, count, { [A.executionStatus]: status });
    result.observe(depth, counts.get("pending") ?? 0, { [A.queue]: "execution" });
  } catch {
    // Nothing observed this time (see above).
  }
}
