import type { WorkflowDefinition, WorkflowEventDefinition } from "@duraflows/core";

/** Added, removed and (for events) changed entries between two definition versions. */
export interface DefinitionDiff {
  states: { added: string[]; removed: string[]; unchanged: string[] };
  /** Events as `state.Event`; `changed` when their target, error state, commands, guard or timeout differ. */
  events: { added: string[]; removed: string[]; changed: string[]; unchanged: string[] };
  /** Command names referenced by events and onEnter blocks. */
  commands: { added: string[]; removed: string[]; unchanged: string[] };
}

function events(definition: WorkflowDefinition): Map<string, WorkflowEventDefinition> {
  const map = new Map<string, WorkflowEventDefinition>();
  for (const [state, body] of Object.entries(definition.states)) {
    for (const [event, spec] of Object.entries(body.events ?? {})) map.set(`${state}.${event}`, spec);
  }
  return map;
}

function commands(definition: WorkflowDefinition): Set<string> {
  const names = new Set<string>();
  for (const body of Object.values(definition.states)) {
    for (const ref of body.onEnter?.commands ?? []) names.add(ref.name);
    for (const spec of Object.values(body.events ?? {}))
      for (const ref of spec.commands ?? []) names.add(ref.name);
  }
  return names;
}

function split(before: Iterable<string>, after: Iterable<string>) {
  const a = new Set(before);
  const b = new Set(after);
  return {
    added: [...b].filter((x) => !a.has(x)).sort(),
    removed: [...a].filter((x) => !b.has(x)).sort(),
    unchanged: [...a].filter((x) => b.has(x)).sort(),
  };
}

/** What an event does, for comparison (metadata is free-form and ignored). */
function behaviour(spec: WorkflowEventDefinition): string {
  return JSON.stringify([
    spec.targetState ?? null,
    spec.errorState ?? null,
    (spec.commands ?? []).map((ref) => ref.name),
    spec.guard?.name ?? null,
    spec.timeout ?? null,
  ]);
}

/** Compares the states, events and commands of two versions of one workflow. @internal */
export function diffDefinitions(from: WorkflowDefinition, to: WorkflowDefinition): DefinitionDiff {
  const before = events(from);
  const after = events(to);
  const eventSplit = split(before.keys(), after.keys());
  const changed = eventSplit.unchanged.filter(
    (key) => behaviour(before.get(key)!) !== behaviour(after.get(key)!),
  );
  return {
    states: split(Object.keys(from.states), Object.keys(to.states)),
    events: { ...eventSplit, changed, unchanged: eventSplit.unchanged.filter((k) => !changed.includes(k)) },
    commands: split(commands(from), commands(to)),
  };
}
