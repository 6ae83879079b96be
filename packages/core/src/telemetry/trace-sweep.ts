import type { ProcessExpiredWorkflowsResult } from "../model/timeout-sweep.js";
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
 * Runs one batch of the sweep (the claim-and-apply transaction, or the one-statement move of command-less
 * timeouts) in a `duraflows.timeout.batch` span with the claimed and batch-moved counts read from its result.
 *
 * @internal
 */
export function traceBatch<T>(
  telemetry: WorkflowTelemetry,
  batch: () => Promise<T>,
  counts: (result: T) => { claimed: number; batched: number },
): Promise<T> {
  return telemetry.run("duraflows.timeout.batch", undefined, async (span) => {
    const result = await batch();
    const { claimed, batched } = counts(result);
    span.set(A.sweepClaimed, claimed);
    span.set(A.sweepBatched, batched);
    return result;
  });
}
