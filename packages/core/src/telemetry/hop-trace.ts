import type { WorkflowDefinition } from "../definition/types.js";
import { versionOf } from "../definition/version-of.js";
import type { SpanHandle } from "./span-handle.js";
import { TelemetryAttributes as A } from "./telemetry-attributes.js";
import { secondsSince, type WorkflowTelemetry } from "./workflow-telemetry.js";

/**
 * The `duraflows.onEnter <workflow>.<state>` span of one onEnter hop: its commands run as children, and the
 * hop's target and outcome are set once decided. Counted as a transition with event `onEnter`.
 *
 * @internal
 */
export class HopTrace {
  private readonly span: SpanHandle;
  private readonly started = performance.now();
  private ended = false;

  constructor(
    private readonly telemetry: WorkflowTelemetry,
    private readonly definition: WorkflowDefinition,
    instanceUuid: string,
    state: string,
  ) {
    const attributes: Record<string, string | number> = {
      [A.workflowName]: definition.name,
      [A.instanceUuid]: instanceUuid,
      [A.event]: "onEnter",
      [A.fromState]: state,
    };
    attributes[A.definitionVersion] = versionOf(definition);
    this.span = telemetry.start(`duraflows.onEnter ${definition.name}.${state}`, attributes);
  }

  /** Runs the state's commands as children of the hop span; a throw ends the span with the error. */
  async run<T>(commands: () => Promise<T>): Promise<T> {
    try {
      return await this.telemetry.within(this.span, commands);
    } catch (error) {
      this.span.set(A.outcome, "error");
      this.span.fail(error);
      this.finish("error");
      throw error;
    }
  }

  /** Ends the span with the hop's target state and outcome. */
  end(toState: string, outcome: string): void {
    this.span.set(A.toState, toState);
    this.span.set(A.outcome, outcome);
    if (outcome === "error") this.span.setError("Mandatory onEnter command failed");
    this.finish(outcome);
  }

  private finish(outcome: string): void {
    if (this.ended) return;
    this.ended = true;
    this.span.end();
    this.telemetry
      .metrics()
      ?.transition(this.definition.name, "onEnter", outcome, secondsSince(this.started));
  }
}
