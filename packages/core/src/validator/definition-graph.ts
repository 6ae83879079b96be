import { isRecord, own, type Rec } from "./own-property.js";

function onEnterEdges(state: unknown, isState: (value: unknown) => value is string): string[] {
  const onEnter = own(state, "onEnter");
  return [own(onEnter, "targetState"), own(onEnter, "errorState")].filter(isState);
}

/**
 * Depth-first search over onEnter target/error edges in insertion order; returns the first cycle as
 * `[A, B, …, A]`.
 *
 * @internal
 */
export function findOnEnterCycle(
  states: Rec,
  stateNames: string[],
  isState: (value: unknown) => value is string,
): string[] | undefined {
  const done = new Set<string>();
  const stack: string[] = [];
  const onStack = new Set<string>();

  const visit = (node: string): string[] | undefined => {
    stack.push(node);
    onStack.add(node);
    for (const next of onEnterEdges(states[node], isState)) {
      if (onStack.has(next)) return [...stack.slice(stack.indexOf(next)), next];
      if (done.has(next)) continue;
      const found = visit(next);
      if (found) return found;
    }
    stack.pop();
    onStack.delete(node);
    done.add(node);
    return undefined;
  };

  for (const stateName of stateNames) {
    if (done.has(stateName)) continue;
    const found = visit(stateName);
    if (found) return found;
  }
  return undefined;
}

/**
 * States reachable from `initialState` through onEnter and event target/error references (own states only).
 *
 * @internal
 */
export function reachableStates(
  states: Rec,
  initialState: string,
  isState: (value: unknown) => value is string,
): Set<string> {
  const reached = new Set<string>([initialState]);
  const queue = [initialState];
  while (queue.length > 0) {
    const current = states[queue.shift() as string];
    const targets = onEnterEdges(current, isState);
    const events = own(current, "events");
    if (isRecord(events)) {
      for (const eventName of Object.keys(events)) {
        const event = events[eventName];
        targets.push(...[own(event, "targetState"), own(event, "errorState")].filter(isState));
      }
    }
    for (const target of targets) {
      if (!reached.has(target)) {
        reached.add(target);
        queue.push(target);
      }
    }
  }
  return reached;
}
