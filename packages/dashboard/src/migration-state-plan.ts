import type { WorkflowDefinition } from "@duraflows/core";

/** Where the instances of one state of the source version go in a migration. */
export interface StatePlanEntry {
  /** A state of the source version. */
  fromState: string;
  /** Its state in the target version, or `null` when its instances are skipped. */
  toState: string | null;
  /** `"mapping"`: from the given state mapping; `"same name"`: the same-named state; `null` when skipped. */
  via: "mapping" | "same name" | null;
  /** Why the state's instances are skipped (the migration's own skip reason), when they are. */
  skipReason: string | null;
  /** Instances of the source version resting in the state, when the store can count them. */
  instances: number | null;
}

/**
 * The state-level plan of a migration from `from` to `to`: for every state of the source version, the state
 * of the target version its instances move to, by the rule `migrateInstances` applies per instance (its own
 * `stateMapping` entry, else the same-named state, and never a state with an onEnter). A mapping onto an
 * unknown or onEnter state never reaches this: the runtime refuses the whole migration first.
 *
 * @internal
 */
export function migrationStatePlan(
  from: WorkflowDefinition,
  to: WorkflowDefinition,
  toVersion: number,
  stateMapping: Record<string, string>,
  counts: Map<string, number> | null,
): StatePlanEntry[] {
  return Object.keys(from.states).map((fromState) => {
    const instances = counts ? (counts.get(fromState) ?? 0) : null;
    const mapped = Object.hasOwn(stateMapping, fromState);
    const target = mapped ? stateMapping[fromState] : fromState;
    if (!Object.hasOwn(to.states, target)) {
      return {
        fromState,
        toState: null,
        via: null,
        skipReason: `state ${fromState} has no mapping and does not exist in version ${toVersion}`,
        instances,
      };
    }
    if (to.states[target].onEnter) {
      return {
        fromState,
        toState: null,
        via: null,
        skipReason: `state ${target} has an onEnter in version ${toVersion}`,
        instances,
      };
    }
    return { fromState, toState: target, via: mapped ? "mapping" : "same name", skipReason: null, instances };
  });
}
