import { TelemetryAttributes as A } from "./telemetry-attributes.js";
import type { WorkflowTelemetry } from "./workflow-telemetry.js";

/**
 * Evaluates a guard in a `duraflows.guard <name>` span with its verdict as `duraflows.guard.passed`.
 *
 * @internal
 */
export function traceGuard(
  telemetry: WorkflowTelemetry,
  name: string,
  event: string,
  evaluate: () => unknown,
): Promise<boolean> {
  return telemetry.run(`duraflows.guard ${name}`, { [A.guardName]: name, [A.event]: event }, async (span) => {
    const passed = Boolean(await evaluate());
    span.set(A.guardPassed, passed);
    return passed;
  });
}
