import type { WorkflowDefinition } from "../definition/types.js";

/**
 * A compile failure tagged with the graph validation code that users and tests match on
 * (`missingInitialState`, `unknownTarget`); the compiler turns it into a `WorkflowDefinitionError`.
 *
 * @internal
 */
class CompileCheckError extends Error {
  constructor(
    readonly code: "missingInitialState" | "unknownTarget",
    detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = "CompileCheckError";
  }
}

const declared = (states: object, name: unknown): boolean =>
  typeof name === "string" && Object.hasOwn(states, name);

const isSet = (value: unknown): boolean => value !== undefined && value !== null;

/**
 * Throws {@link CompileCheckError} when the initial state, or a state that an event or an onEnter leads to, is
 * not an own key of `states`. Runs before the finita process is built so the message names the definition's
 * own terms (event, errorState, onEnter) rather than the builder's.
 *
 * @internal
 */
export function assertDeclaredStates(definition: WorkflowDefinition): void {
  const states: Record<string, WorkflowDefinition["states"][string]> = definition.states ?? {};
  if (!declared(states, definition.initialState)) {
    throw new CompileCheckError(
      "missingInitialState",
      `initialState "${String(definition.initialState)}" is not declared in states`,
    );
  }
  for (const stateName of Object.keys(states)) {
    const { events = {}, onEnter } = states[stateName] ?? {};
    for (const eventName of Object.keys(events)) {
      const { targetState, errorState } = events[eventName] ?? {};
      if (isSet(targetState) && !declared(states, targetState)) {
        throw new CompileCheckError(
          "unknownTarget",
          `event "${eventName}" of state "${stateName}" targets undeclared state "${String(targetState)}"`,
        );
      }
      if (isSet(errorState) && !declared(states, errorState)) {
        throw new CompileCheckError(
          "unknownTarget",
          `event "${eventName}" of state "${stateName}" routes failures to undeclared errorState "${String(errorState)}"`,
        );
      }
    }
    if (isSet(onEnter?.targetState) && !declared(states, onEnter?.targetState)) {
      throw new CompileCheckError(
        "unknownTarget",
        `onEnter of state "${stateName}" targets undeclared state "${String(onEnter?.targetState)}"`,
      );
    }
    if (isSet(onEnter?.errorState) && !declared(states, onEnter?.errorState)) {
      throw new CompileCheckError(
        "unknownTarget",
        `onEnter of state "${stateName}" routes failures to undeclared errorState "${String(onEnter?.errorState)}"`,
      );
    }
  }
}
