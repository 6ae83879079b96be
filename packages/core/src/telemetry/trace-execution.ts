import type { DurableWorkflowExecution } from "../model/durable-execution.js";
import { TelemetryAttributes as A, TRACE_CONTEXT_METADATA_KEY } from "./telemetry-attributes.js";
import type { WorkflowTelemetry } from "./workflow-telemetry.js";

/** Span attributes of a durable execution (no user data beyond names and ids). */
function executionAttributes(execution: DurableWorkflowExecution): Record<string, string | number> {
  return {
    [A.workflowName]: execution.workflowName,
    [A.event]: execution.eventName,
    [A.instanceUuid]: execution.workflowInstanceUuid,
    [A.executionUuid]: execution.uuid,
  };
}

/**
 * Runs a worker's claim of one due execution in a `duraflows.execution.claim` span; a claim that does not
 * yield a runnable execution (skipped, parked, instance changed) is counted in `duraflows.executions`.
 *
 * @internal
 */
export function traceClaim<T extends { kind: string }>(
  telemetry: WorkflowTelemetry,
  candidate: DurableWorkflowExecution,
  claim: () => Promise<T>,
): Promise<T> {
  return telemetry.run("duraflows.execution.claim", executionAttributes(candidate), async (span) => {
    const claimed = await claim();
    span.set(A.executionStatus, claimed.kind);
    if (claimed.kind !== "claimed") {
      const status = claimed.kind === "instance-changed" ? "failed" : claimed.kind;
      telemetry.metrics()?.execution(candidate.workflowName, status);
    }
    return claimed;
  });
}

/**
 * Runs one worker step of a claimed execution in a `duraflows.execution.step <workflow>.<event>` span, linked to
 * the trace that enqueued the event (stored in its trigger metadata), and counts its status.
 *
 * @internal
 */
export function traceStep<T extends string | { failed: string }>(
  telemetry: WorkflowTelemetry,
  execution: DurableWorkflowExecution,
  step: () => Promise<T>,
): Promise<T> {
  const attributes = executionAttributes(execution);
  attributes[A.executionAttempt] = execution.attempts;
  const links = telemetry.linksTo(execution.triggerMetadata[TRACE_CONTEXT_METADATA_KEY]);
  return telemetry.run(
    `duraflows.execution.step ${execution.workflowName}.${execution.eventName}`,
    attributes,
    async (span) => {
      const outcome = await step();
      const status = typeof outcome === "string" ? outcome : "failed";
      span.set(A.executionStatus, status);
      if (typeof outcome !== "string") span.setError(outcome.failed);
      telemetry.metrics()?.execution(execution.workflowName, status);
      return outcome;
    },
    links,
  );
}
