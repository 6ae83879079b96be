import { Statemachine } from "@camcima/finita";
import type { CompiledWorkflow } from "./compiled-workflow.js";
import { EVENT_OUTCOME_KEY } from "./workflow-compiler.js";

/**
 * The state after `eventName` fired in `currentState` with `outcome`: the event's target on success, its
 * error state on failure, unchanged when no transition matches. A command-only event (neither target nor
 * error state), or one the state does not define, never reaches finita and keeps `currentState`: the caller
 * validates the event first.
 *
 * @internal
 */
export async function resolveNextState(
  compiled: CompiledWorkflow,
  currentState: string,
  eventName: string,
  outcome: "success" | "failure",
  subject?: unknown,
): Promise<string> {
  const states = compiled.definition.states;
  const events = Object.hasOwn(states, currentState) ? states[currentState].events : undefined;
  const event = events && Object.hasOwn(events, eventName) ? events[eventName] : undefined;
  if (event?.targetState == null && event?.errorState == null) return currentState;
  const byEvent = decisionsOf(compiled, outcome, currentState);
  const known = byEvent.get(eventName);
  if (known !== undefined) return known;
  const machine = new Statemachine<unknown>(subject, compiled.process, { initialStateName: currentState });
  await machine.triggerEvent(eventName, new Map<string, unknown>([[EVENT_OUTCOME_KEY, outcome]]));
  const next = machine.getCurrentState().getName();
  byEvent.set(eventName, next);
  return next;
}

/**
 * The memoised answer of {@link resolveNextState} for a declared transition (target or error state), if it
 * was decided before; lets the caller skip an async call on the hot path.
 *
 * @internal
 */
export function knownNextState(
  compiled: CompiledWorkflow,
  currentState: string,
  eventName: string,
  outcome: "success" | "failure",
): string | undefined {
  return tables.get(compiled)?.[outcome].get(currentState)?.get(eventName);
}

/** The decisions of `compiled` for `outcome` in `state`, by event name (created empty on first use). */
function decisionsOf(
  compiled: CompiledWorkflow,
  outcome: "success" | "failure",
  state: string,
): Map<string, string> {
  let table = tables.get(compiled);
  if (table === undefined) {
    table = { success: new Map(), failure: new Map() };
    tables.set(compiled, table);
  }
  let byEvent = table[outcome].get(state);
  if (byEvent === undefined) {
    byEvent = new Map();
    table[outcome].set(state, byEvent);
  }
  return byEvent;
}

/*
 * The compiled finita process stays the source of truth: each (state, event, outcome) is decided once by a
 * finita Statemachine, then looked up. That is exact because the compiler's only transition conditions read
 * the event outcome (never the subject), so the answer cannot change between calls on one compiled process.
 */
/*
 * Keyed by outcome, then state, then event: three lookups with the caller's own strings are cheaper than
 * building (and hashing) one joined key per call, and this is looked up on every transition.
 */
const tables = new WeakMap<
  CompiledWorkflow,
  Record<"success" | "failure", Map<string, Map<string, string>>>
>();
