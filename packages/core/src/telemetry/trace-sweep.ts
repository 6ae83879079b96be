import type { TimeoutBatch } from "../model/timeout-sweep.js";
import type { ProcessExpiredWorkflowsResult } from "../model/timeout-sweep.js";
import type { SweptTimeouts } from "../persistence/commandless-timeout-sweep.js";
import { TelemetryAttributes as A } from "./telemetry-attributes.js";
import type { WorkflowTelemetry } from "./workflow-telemetry.js";

/**
 * Runs one `processExpiredWorkflows` call in a `duraflows.timeout.sweep` span with its counts as attributes
 * (`duraflows.timeout.processed`, `.rejected`, `.failed`, `.parked`).
 *
 * @internal
 */
export function traceSweep(
  telemetry: WorkflowTelemetry,
  sweep: () => Promise<ProcessExpiredWorkflowsResult>,
): Promise<ProcessExpiredWorkflowsResult> {
  return telemetry.run("duraflows.timeout.sweep", undefined, async (span) => {
    const result = await sweep();
    span.set(A.sweepProcessed, result.processed);
    span.set(A.sweepRejected, result.rejected);
    span.set(A.sweepFailed, result.failed.length);
    span.set(A.sweepParked, result.parked.length);
    return result;
  });
}

/**
 * Runs the sweep's claim-and-apply batch transaction in a `duraflows.timeout.batch` span with the claimed and
 * batch-moved counts.
 *
 * @internal
 */
export function traceBatch(
  telemetry: WorkflowTelemetry,
  batch: () => Promise<TimeoutBatch>,
): Promise<TimeoutBatch> {
  return telemetry.run("duraflows.timeout.batch", undefined, async (span) => {
    const result = await batch();
    span.set(A.sweepClaimed, result.scanned.length);
    span.set(A.sweepBatched, result.handled.size);
    return result;
  });
}

/**
 * Runs the sweep's one-statement move of command-less timeouts in a `duraflows.timeout.batch` span, with the
 * same attributes as a batch: every moved instance counts as claimed and batch-moved.
 *
 * @internal
 */
export function traceSetSweep(
  telemetry: WorkflowTelemetry,
  sweep: () => Promise<SweptTimeouts>,
): Promise<SweptTimeouts> {
  return telemetry.run("duraflows.timeout.batch", undefined, async (span) => {
    const result = await sweep();
    span.set(A.sweepClaimed, result.swept.length);
    span.set(A.sweepBatched, result.swept.length);
    return result;
  });
}
