import type { WorkflowInstance } from "../model/workflow-instance.js";
import { TelemetryAttributes as A } from "./telemetry-attributes.js";
import { TransitionTrace } from "./transition-trace.js";
import type { WorkflowTelemetry } from "./workflow-telemetry.js";

/** What the sweep did with one due instance. */
export type TimeoutResult = "fired" | "rejected" | "skipped" | "failed" | "parked";

/** The fields of an applied timeout the trace reads. */
interface AppliedTimeout {
  outcome: string;
  fromState: string;
  toState: string;
  rejectedBy?: string;
}

/**
 * The `duraflows.timeout <workflow>.<event>` span of one due instance in a sweep, counted in
 * `duraflows.timeouts` by result and, once applied, as a transition.
 *
 * @internal
 */
export class TimeoutTrace {
  private readonly transition: TransitionTrace;
  private applied: AppliedTimeout | undefined;

  constructor(
    private readonly telemetry: WorkflowTelemetry,
    private readonly snapshot: WorkflowInstance,
  ) {
    this.transition = new TransitionTrace(telemetry, "duraflows.timeout", "timeout", {
      [A.instanceUuid]: snapshot.uuid,
    });
    this.transition.instance(snapshot);
  }

  /** Runs the instance's transaction with the timeout span active. */
  within<T>(fn: () => Promise<T>): Promise<T> {
    return this.telemetry.within(this.transition.span, fn);
  }

  /** Names the timeout event once the definition is resolved. */
  event(name: string): void {
    this.transition.setEvent(name);
  }

  /** Remembers the applied (or guard-rejected) transition. */
  apply(result: AppliedTimeout): void {
    this.applied = result;
  }

  /** Ends the span with the sweep's result for this instance; `error` is what failed it. */
  end(result: TimeoutResult, error?: unknown): void {
    const span = this.transition.span;
    span.set(A.timeoutResult, result);
    if (error !== undefined) {
      span.set(A.outcome, "error");
      span.fail(error);
    }
    if (this.applied && error === undefined) this.transition.finish(this.applied);
    else span.end();
    if (result !== "skipped") this.telemetry.metrics()?.timeout(this.snapshot.workflowName, result);
  }
}
