import type {
  WorkflowDefinition,
  WorkflowEventDefinition,
  WorkflowTimeoutDefinition,
} from "../definition/types.js";

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * Total duration of a timeout in milliseconds: minutes×60 000 + hours×3 600 000 + days×86 400 000 (absent
 * fields count as 0).
 *
 * @internal
 */
export function timeoutTotalMs(timeout: WorkflowTimeoutDefinition): number {
  return (
    (timeout.afterMinutes ?? 0) * MINUTE_MS +
    (timeout.afterHours ?? 0) * HOUR_MS +
    (timeout.afterDays ?? 0) * DAY_MS
  );
}

function findTimeoutEvent(
  definition: WorkflowDefinition,
  state: string,
): [string, WorkflowEventDefinition & { timeout: WorkflowTimeoutDefinition }] | null {
  if (!Object.hasOwn(definition.states, state)) return null;
  const events = definition.states[state]?.events;
  if (!events) return null;
  for (const eventName of Object.keys(events)) {
    const event = events[eventName];
    if (event?.timeout)
      return [eventName, event as WorkflowEventDefinition & { timeout: WorkflowTimeoutDefinition }];
  }
  return null;
}

/**
 * Computes per-state deadlines: the first event (object order) of a state that declares a `timeout` is the
 * state's timeout event.
 *
 * @example
 * ```ts
 * const deadline = new TimeoutResolver().computeDeadline(definition, "delivered", clock.now());
 * ```
 */
export class TimeoutResolver {
  /** `now` plus the timeout of the state's timeout event, or `null` without one (or when it totals ≤ 0). */
  computeDeadline(definition: WorkflowDefinition, state: string, now: Date): Date | null {
    const found = findTimeoutEvent(definition, state);
    if (!found) return null;
    const total = timeoutTotalMs(found[1].timeout);
    // `!(total > 0)` also rejects NaN, which would otherwise produce an Invalid Date.
    if (!(total > 0)) return null;
    return new Date(now.getTime() + total);
  }

  /** Name of the state's timeout event, or `null` when it has none. */
  getTimeoutEventName(definition: WorkflowDefinition, state: string): string | null {
    return findTimeoutEvent(definition, state)?.[0] ?? null;
  }
}
