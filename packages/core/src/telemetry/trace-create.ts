import type { WorkflowInstance } from "../model/workflow-instance.js";
import { TelemetryAttributes as A } from "./telemetry-attributes.js";
import type { WorkflowTelemetry } from "./workflow-telemetry.js";

/**
 * Runs `createInstance` in a `duraflows.create <workflow>` span and counts it as a transition (event
 * `create`) in the metrics.
 *
 * @internal
 */
export async function traceCreate(
  telemetry: WorkflowTelemetry,
  workflowName: string,
  create: () => Promise<WorkflowInstance>,
): Promise<WorkflowInstance> {
  const started = performance.now();
  let outcome = "error";
  try {
    const instance = await telemetry.run(
      `duraflows.create ${workflowName}`,
      { [A.workflowName]: workflowName },
      async (span) => {
        const created = await create();
        span.set(A.instanceUuid, created.uuid);
        span.set(A.definitionVersion, created.definitionVersion);
        span.set(A.toState, created.currentState);
        span.set(A.outcome, "success");
        return created;
      },
    );
    outcome = "success";
    return instance;
  } finally {
    telemetry.metrics()?.transition(workflowName, "create", outcome, (performance.now() - started) / 1000);
  }
}
