import type { WorkflowInstance } from "../model/workflow-instance.js";
import { NOOP_SPAN, type SpanHandle } from "./span-handle.js";
import { TelemetryAttributes as A } from "./telemetry-attributes.js";
import { secondsSince, type WorkflowTelemetry } from "./workflow-telemetry.js";

/** The fields of a transition result the trace reads. */
interface TracedResult {
  outcome: string;
  fromState: string;
  toState: string;
  rejectedBy?: string;
}

/**
 * The span and the metrics of one transition (a trigger or a swept timeout): named `<prefix> <event>` until the
 * locked instance names the workflow, then `<prefix> <workflow>.<event>`.
 *
 * @internal
 */
export class TransitionTrace {
  private workflow = "unknown";
  private readonly started = performance.now();
  readonly span: SpanHandle;

  constructor(
    private readonly telemetry: WorkflowTelemetry,
    private readonly prefix: string,
    private event: string,
    attributes: Record<string, string>,
  ) {
    this.span = telemetry.start(`${prefix} ${event}`, { [A.event]: event, ...attributes });
  }

  /** Names the workflow, once the instance is locked. */
  instance(instance: WorkflowInstance): void {
    this.workflow = instance.workflowName;
    if (this.span === NOOP_SPAN) return;
    this.span.rename(`${this.prefix} ${this.workflow}.${this.event}`);
    this.span.set(A.workflowName, instance.workflowName);
    this.span.set(A.definitionVersion, instance.definitionVersion);
    this.span.set(A.instanceUuid, instance.uuid);
    this.span.set(A.fromState, instance.currentState);
  }

  /** Names the event (a timeout's event is known only once the definition is resolved). */
  setEvent(event: string): void {
    this.event = event;
    this.span.set(A.event, event);
    this.span.rename(`${this.prefix} ${this.workflow}.${event}`);
  }

  /** Marks a keyed call that replayed its stored result. */
  replay(): void {
    this.span.set(A.idempotencyReplay, true);
  }

  /** Runs the transition in the span, then records its outcome and metrics. */
  async run<T extends TracedResult | { kind: string }>(fn: () => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await this.telemetry.within(this.span, fn);
    } catch (error) {
      this.span.set(A.outcome, "error");
      this.span.fail(error);
      this.span.end();
      this.telemetry.metrics()?.transition(this.workflow, this.event, "error", secondsSince(this.started));
      throw error;
    }
    if ("outcome" in result) this.finish(result);
    return result;
  }

  /** Ends the span with a transition result and records the metrics. */
  finish(result: TracedResult): void {
    this.span.set(A.outcome, result.outcome);
    this.span.set(A.fromState, result.fromState);
    this.span.set(A.toState, result.toState);
    this.span.end();
    const metrics = this.telemetry.metrics();
    if (!metrics) return;
    metrics.transition(this.workflow, this.event, result.outcome, secondsSince(this.started));
    if (result.rejectedBy !== undefined) metrics.guardRejected(this.workflow, this.event, result.rejectedBy);
  }
}
