import type { Counter, Histogram, Meter } from "@opentelemetry/api";
import { TelemetryAttributes as A } from "./telemetry-attributes.js";

/** Metric names duraflows records (attributes are low-cardinality: no uuids). */
export const TelemetryMetrics = Object.freeze({
  /** Counter of finished transitions by workflow, event and outcome. */
  transitions: "duraflows.transitions",
  /** Histogram (seconds) of a trigger, a timeout or an onEnter hop, by workflow, event and outcome. */
  transitionDuration: "duraflows.transition.duration",
  /** Histogram (seconds) of one command, by command name and outcome. */
  commandDuration: "duraflows.command.duration",
  /** Counter of guard rejections by workflow, event and guard. */
  guardRejections: "duraflows.guard.rejections",
  /** Counter of swept timeouts by workflow and result (`fired`, `rejected`, `failed`, `parked`). */
  timeouts: "duraflows.timeouts",
  /** Counter of worker outcomes of durable executions by workflow and status. */
  executions: "duraflows.executions",
});

/**
 * The instruments of one meter.
 *
 * @internal
 */
export class WorkflowMetrics {
  private readonly transitions: Counter;
  private readonly transitionDuration: Histogram;
  private readonly commandDuration: Histogram;
  private readonly guardRejections: Counter;
  private readonly timeouts: Counter;
  private readonly executions: Counter;

  /** `meter` is an OpenTelemetry `Meter` (typed loosely: the API is an optional peer). */
  constructor(otelMeter: object) {
    const meter = otelMeter as Meter;
    this.transitions = meter.createCounter(TelemetryMetrics.transitions, {
      description: "Finished workflow transitions",
      unit: "{transition}",
    });
    this.transitionDuration = meter.createHistogram(TelemetryMetrics.transitionDuration, {
      description: "Duration of a workflow transition, commands and onEnter chain included",
      unit: "s",
    });
    this.commandDuration = meter.createHistogram(TelemetryMetrics.commandDuration, {
      description: "Duration of one workflow command",
      unit: "s",
    });
    this.guardRejections = meter.createCounter(TelemetryMetrics.guardRejections, {
      description: "Events rejected by their guard",
      unit: "{rejection}",
    });
    this.timeouts = meter.createCounter(TelemetryMetrics.timeouts, {
      description: "Timeouts handled by the sweep, by result",
      unit: "{timeout}",
    });
    this.executions = meter.createCounter(TelemetryMetrics.executions, {
      description: "Durable executions handled by a worker, by status",
      unit: "{execution}",
    });
  }

  /** One finished transition and its duration. */
  transition(workflow: string, event: string, outcome: string, seconds: number): void {
    const attributes = { [A.workflowName]: workflow, [A.event]: event, [A.outcome]: outcome };
    this.transitions.add(1, attributes);
    this.transitionDuration.record(seconds, attributes);
  }

  /** One finished command. */
  command(name: string, outcome: string, seconds: number): void {
    this.commandDuration.record(seconds, { [A.commandName]: name, [A.outcome]: outcome });
  }

  /** One guard rejection. */
  guardRejected(workflow: string, event: string, guard: string): void {
    this.guardRejections.add(1, { [A.workflowName]: workflow, [A.event]: event, [A.guardName]: guard });
  }

  /** One swept timeout. */
  timeout(workflow: string, result: string): void {
    this.timeouts.add(1, { [A.workflowName]: workflow, [A.timeoutResult]: result });
  }

  /** One durable execution handled by a worker. */
  execution(workflow: string, status: string): void {
    this.executions.add(1, { [A.workflowName]: workflow, [A.executionStatus]: status });
  }
}
