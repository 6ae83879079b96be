import type { WorkflowCommandRef, WorkflowDefinition } from "./types.js";
function ownValue(container: unknown, key: string): unknown {
  if (container === null || typeof container !== "object") return undefined;
  return Object.hasOwn(container, key) ? (container as Record<string, unknown>)[key] : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * The names of the states with no events (missing or empty map), whether or not they have an `onEnter`, in
 * definition order. Instances resting in these states do not count as active: the startup executability
 * check, `WorkflowRuntime.listDefinitionVersions` and `countInstancesUsingDefinition` exclude them.
 *
 * Advanced: for adapters and tooling that count active instances the way the runtime does.
 *
 * @advanced
 * @example
 * ```ts
 * terminalStates(orderWorkflow); // ["delivered", "cancelled"]
 * ```
 */
export function terminalStates(definition: WorkflowDefinition): string[] {
  const states = definition.states;
  if (!isRecord(states)) return [];
  return Object.keys(states).filter((name) => {
    const events = ownValue(states[name], "events");
    return !isRecord(events) || Object.keys(events).length === 0;
  });
}

function collectCommands(commands: unknown, into: Set<string>): void {
  if (!Array.isArray(commands)) return;
  for (const ref of commands as unknown[]) {
    const name = ownValue(ref, "name") as WorkflowCommandRef["name"] | undefined;
    if (typeof name === "string") into.add(name);
  }
}

/**
 * Every command name referenced by the events and onEnter blocks of a definition, and every guard name its
 * events reference, as two sets (the names the registries must provide for the definition to run).
 *
 * Advanced: for tooling that checks registrations before a definition is used.
 *
 * @advanced
 * @example
 * ```ts
 * const { commands, guards } = referencedNames(orderWorkflow);
 * const missing = [...commands].filter((name) => !commandRegistry.has(name));
 * ```
 */
export function referencedNames(definition: WorkflowDefinition): {
  commands: Set<string>;
  guards: Set<string>;
} {
  const commands = new Set<string>();
  const guards = new Set<string>();
  const states = definition.states;
  if (!isRecord(states)) return { commands, guards };
  for (const stateName of Object.keys(states)) {
    const state = states[stateName];
    collectCommands(ownValue(ownValue(state, "onEnter"), "commands"), commands);
    const events = ownValue(state, "events");
    if (!isRecord(events)) continue;
    for (const eventName of Object.keys(events)) {
      const event = events[eventName];
      collectCommands(ownValue(event, "commands"), commands);
      const guardName = ownValue(ownValue(event, "guard"), "name");
      if (typeof guardName === "string") guards.add(guardName);
    }
  }
  return { commands, guards };
}
