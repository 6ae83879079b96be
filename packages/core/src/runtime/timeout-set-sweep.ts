import { randomUUID } from "node:crypto";
import { buildStateEnterEvent } from "../observer/build-state-enter-event.js";
import { withTraceId } from "../telemetry/with-trace-id.js";
import { deepClone } from "../util/deep-clone.js";
import { deepFreeze } from "../util/deep-freeze.js";
import { versionOf } from "../definition/version-of.js";
import type { RuntimeInternals } from "../transition/runtime-internals.js";
import { keepsOriginalMethod } from "../transition/store-fast-path.js";
import type { CommandlessTimeoutRule, SweptTimeouts } from "../persistence/commandless-timeout-sweep.js";
import { canSweepInBatch } from "./timeout-batch.js";

const TIMEOUT_TRIGGER: Readonly<Record<string, unknown>> = Object.freeze({ source: "timeout" });

/**
 * Whether the sweep may move command-less timeouts with the instance store's one-statement
 * `sweepCommandlessTimeouts`: the batch path's conditions hold, no execution store is configured (the
 * statement filters active executions against its own snapshot only, so an enqueue committing meanwhile would
 * go unseen; the batch path re-checks after locking), and the store's `update` and `findExpired` and the
 * history store's `appendMany` are their own.
 *
 * @internal
 */
export function canSweepSetBased(internals: RuntimeInternals): boolean {
  return (
    internals.instanceStore.sweepCommandlessTimeouts !== undefined &&
    internals.executionStore === undefined &&
    canSweepInBatch(internals) &&
    keepsOriginalMethod(internals.instanceStore, "update", "sweepCommandlessTimeouts") &&
    // A wrapped scan or append (a spy, a subclass) must keep seeing the sweep: the statement does both itself.
    keepsOriginalMethod(internals.instanceStore, "findExpired", "sweepCommandlessTimeouts") &&
    keepsOriginalMethod(internals.historyStore, "appendMany", "sweepCommandlessTimeouts")
  );
}

/**
 * The states of the registered definitions whose timeout is pure data (no guard, no commands, a target
 * without onEnter), for instances stamped with the registered version: exactly the instances the batch path
 * would move (it requires the governing definition's version to be the stamped one, and for those the
 * registered definition governs).
 *
 * @internal
 */
function commandlessTimeoutRules(internals: RuntimeInternals, now: Date): CommandlessTimeoutRule[] {
  const rules: CommandlessTimeoutRule[] = [];
  for (const definition of internals.definitionRegistry.getAll()) {
    const states = definition.states;
    for (const fromState of Object.keys(states)) {
      const eventName = internals.timeoutResolver.getTimeoutEventName(definition, fromState);
      if (eventName === null) continue;
      const event = states[fromState].events![eventName];
      if (event.guard || (event.commands?.length ?? 0) > 0) continue;
      const toState = event.targetState ?? fromState;
      if (!Object.hasOwn(states, toState) || states[toState].onEnter) continue;
      rules.push({
        workflowName: definition.name,
        definitionVersion: versionOf(definition),
        fromState,
        eventName,
        toState,
        patch: deepClone(states[toState].context ?? {}),
        expiresAt: internals.timeoutResolver.computeDeadline(definition, toState, now),
      });
    }
  }
  return rules;
}

/**
 * Moves up to `limit` due command-less timeouts with one store call (one statement, committed on its own
 * unless the caller's transaction is open) and queues their observer events, delivered after it. Returns what
 * the store did: the moved instances, which the sweep counts as handled, and whether a scan could find more.
 *
 * @internal
 */
export async function sweepSetBased(
  internals: RuntimeInternals,
  limit: number,
  now: Date,
): Promise<SweptTimeouts> {
  const rules = commandlessTimeoutRules(internals, now);
  if (rules.length === 0) return { swept: [], uncoveredDue: true };
  const triggerMetadata = withTraceId(internals.telemetry, {
    workflowInstanceUuid: "",
    fromState: null,
    eventName: "",
    toState: "",
    outcome: "success",
    commandResultsJson: [],
    triggerMetadata: { ...TIMEOUT_TRIGGER },
  }).triggerMetadata!;
  return internals.observed.runAtomic(async (queue) => {
    const moved = await internals.instanceStore.sweepCommandlessTimeouts!({
      rules,
      limit,
      now,
      triggerMetadata,
    });
    if (internals.observers.hasOnEnter()) {
      for (const { instance, fromState, eventName } of moved.swept) {
        queue.push(
          buildStateEnterEvent(instance, {
            fromState,
            toState: instance.currentState,
            transitionUuid: randomUUID(),
            triggerEvent: eventName,
            triggerMetadata: deepFreeze({ ...TIMEOUT_TRIGGER }),
            occurredAt: now,
          }),
        );
      }
    }
    return moved;
  });
}
