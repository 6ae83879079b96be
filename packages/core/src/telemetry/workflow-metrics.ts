import type { Counter, Histogram, Meter } from "@opentelemetry/api";
import { TelemetryAttributes as A } from "./telemetry-attributes.js";
import { TelemetryMetrics } from "./telemetry-metrics.js";
import { type GaugeSource, registerGauges } from "./workflow-gauges.js";

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
  private readonly claimToFinish: Histogram;

  /**
   * `meter` is an OpenTelemetry `Meter` (typed loosely: the API is an optional peer); `gauges`, when given, is
   * what the observable gauges read.
   */
  constructor(otelMeter: object, gauges?: GaugeSource) {
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
    this.claimToFinish = meter.createHistogram(TelemetryMetrics.claimToFinish, {
      description: "Time from a worker's claim of a durable execution to the end of its step",
      unit: "s",
    });
    if (gauges) registerGauges(meter, gauges);
  }

  /** One finished transition and its duration. */
  transition(workflow: string, event: string, outcome: string, seconds: number): void {
    const attributes = { [A.workflowName]: workflow, [A.event]: event, [A.outcome]: outcome };
    this.transitions.add(1, attributes);
    this.transitionDuration.record(seconds, attributes);
  }

  /**
   * One finished transition without a duration of its own (a timeout moved by the sweep's batch write, an
   * event finished by a durable worker, whose time is in `duraflows.execution.claim_to_finish`).
   */
  transitionCounted(workflow: string, event: string, outcome: string): void {
    this.transitions.add(1, { [A.workflowName]: workflow, [A.event]: event, [A.outcome]: outcome });
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

  /** One claimed execution's step ended with `status`, `seconds` after the claim began. */
  claimFinished(workflow: string, status: string, seconds: number): void {
    this.claimToFinish.record(seconds, { [A.workflowName]: workflow, [A.executionStatus]: status });
  }
}
