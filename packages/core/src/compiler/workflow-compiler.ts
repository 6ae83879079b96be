import { CallbackCondition, FinitaError, ProcessBuilder } from "@camcima/finita";
import type { WorkflowDefinition } from "../definition/types.js";
import { WorkflowDefinitionError } from "../errors/definition.error.js";
import { describeThrown } from "../errors/describe-thrown.js";
import type { CompiledWorkflow } from "./compiled-workflow.js";
import { assertDeclaredStates } from "./assert-declared-states.js";

/** Key of the finita context entry that carries the event outcome (`"success"` or `"failure"`). */
export const EVENT_OUTCOME_KEY = "workflow:eventOutcome";

function outcomeCondition(name: string, accepts: (outcome: unknown) => boolean): CallbackCondition<unknown> {
  return new CallbackCondition<unknown>(name, (_subject, context) => accepts(context.get(EVENT_OUTCOME_KEY)));
}

function isSet(value: string | null | undefined): value is string {
  return value !== undefined && value !== null;
}

// Compile failures lead with the validation code (`unknownTarget: …`) so callers can match on it.
function describeBuildFailure(error: unknown): string {
  const text = describeThrown(error);
  if (error instanceof FinitaError && !text.startsWith(`${error.code}:`)) return `${error.code}: ${text}`;
  return text;
}

function buildProcess(definition: WorkflowDefinition): CompiledWorkflow["process"] {
  assertDeclaredStates(definition);
  const builder = new ProcessBuilder<unknown>(definition.name);
  const stateNames = Object.keys(definition.states);
  for (const stateName of stateNames) {
    builder.addState(stateName, { initial: stateName === definition.initialState });
  }
  for (const stateName of stateNames) {
    const events = definition.states[stateName].events ?? {};
    for (const eventName of Object.keys(events)) {
      const { targetState, errorState } = events[eventName];
      const suffix = `${stateName}:${eventName}`;
      // The builder rejects two same-(from, event, to) transitions with different conditions, so an event
      // routing both outcomes to one state gets a single transition accepting either outcome.
      if (isSet(targetState) && targetState === errorState) {
        const condition = outcomeCondition(
          `workflow:any:${suffix}`,
          (outcome) => outcome === "success" || outcome === "failure",
        );
        builder.addTransition(stateName, targetState, { event: eventName, condition });
        continue;
      }
      if (isSet(targetState)) {
        const condition = outcomeCondition(`workflow:success:${suffix}`, (outcome) => outcome === "success");
        builder.addTransition(stateName, targetState, { event: eventName, condition });
      }
      if (isSet(errorState)) {
        const condition = outcomeCondition(`workflow:failure:${suffix}`, (outcome) => outcome === "failure");
        builder.addTransition(stateName, errorState, { event: eventName, condition });
      }
    }
  }
  return builder.build();
}

/**
 * Compiles workflow definitions onto finita processes (through `ProcessBuilder`), caching by object identity
 * and by name (a definition with different JSON under the same name is recompiled).
 *
 * @example
 * ```ts
 * const compiled = new WorkflowCompiler().compile(orderWorkflow);
 * compiled.process.getInitialState().getName(); // "new"
 * ```
 */
export class WorkflowCompiler {
  private readonly byIdentity = new WeakMap<WorkflowDefinition, CompiledWorkflow>();
  private readonly byName = new Map<string, { json: string; compiled: CompiledWorkflow }>();

  /**
   * Returns the frozen `{ definition, process }` for `definition`. An undeclared initial state, an event or
   * onEnter leading to an undeclared state, or an invalid event name throws `WorkflowDefinitionError` whose
   * message starts with the validation code and names the offending state, e.g.
   * `Workflow "order": unknownTarget: event "ship" of state "new" targets undeclared state "shiped"` or
   * `Workflow "order": missingInitialState: initialState "start" is not declared in states`.
   */
  compile(definition: WorkflowDefinition): CompiledWorkflow {
    const cached = this.byIdentity.get(definition);
    if (cached) return cached;
    let json: string | undefined;
    try {
      json = JSON.stringify(definition);
    } catch {
      json = undefined;
    }
    const named = this.byName.get(definition.name);
    if (named && json !== undefined && named.json === json) {
      this.byIdentity.set(definition, named.compiled);
      return named.compiled;
    }
    let process: CompiledWorkflow["process"];
    try {
      process = buildProcess(definition);
    } catch (error) {
      throw new WorkflowDefinitionError(definition?.name, describeBuildFailure(error), error);
    }
    const compiled: CompiledWorkflow = Object.freeze({ definition, process });
    this.byIdentity.set(definition, compiled);
    if (json !== undefined) this.byName.set(definition.name, { json, compiled });
    return compiled;
  }
}
