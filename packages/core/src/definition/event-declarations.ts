import type { WorkflowDefinition } from "./types.js";

/** One state of a registered definition that declares an event. */
export interface EventDeclaration {
  definition: WorkflowDefinition;
  state: string;
}

/**
 * Every (definition, state) among `definitions` whose state declares `eventName` as its own event, in
 * registration and state order.
 *
 * @internal
 */
export function* eventDeclarations(
  definitions: Iterable<WorkflowDefinition>,
  eventName: string,
): Generator<EventDeclaration> {
  for (const definition of definitions) {
    for (const [state, node] of Object.entries(definition.states)) {
      const events = node.events;
      if (events && Object.hasOwn(events, eventName)) yield { definition, state };
    }
  }
}
