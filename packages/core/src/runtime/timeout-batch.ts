import { randomUuid } from "../util/random-uuid.js";
import type { WorkflowExecutionStore } from "../persistence/workflow-execution-store.js";
import type { WorkflowHistoryRecord } from "../model/workflow-history-record.js";
import type { StateEnterEvent } from "../observer/types.js";
import { buildStateEnterEvent } from "../observer/build-state-enter-event.js";
import { withTraceId } from "../telemetry/with-trace-id.js";
import { deepFreeze } from "../util/deep-freeze.js";
import { versionOf } from "../definition/version-of.js";
import type { RuntimeInternals } from "../transition/runtime-internals.js";
import { keepsOriginalMethod } from "../transition/store-fast-path.js";
import type { WorkflowInstance } from "../model/workflow-instance.js";
import type { TimeoutBatch } from "../model/timeout-sweep.js";

interface BatchEntry {
  instance: WorkflowInstance;
  record: WorkflowHistoryRecord;
  /** Built only when an observer with `onEnter` is registered (see `TransitionApplier.queueEntry`). */
  event: StateEnterEvent | undefined;
}

/**
 * Whether the runtime's stores declare the capabilities the batch path needs, and `update` / `append` were not
 * wrapped or overridden (the batch writes would bypass the override; the per-instance path calls them).
 */
export function canSweepInBatch(internals: RuntimeInternals): boolean {
  const { instanceStore, historyStore } = internals;
  return (
    instanceStore.updateMany !== undefined &&
    historyStore.appendMany !== undefined &&
    keepsOriginalMethod(instanceStore, "update", "updateMany") &&
    keepsOriginalMethod(historyStore, "append", "appendMany")
  );
}

/**
 * The sweep's claim-and-apply transaction: `findExpired` claims up to `limit` due rows (FOR UPDATE SKIP
 * LOCKED), the rows whose instance owns an active durable execution are dropped after a fresh re-check, and,
 * in the same transaction, every claimed instance whose due timeout is pure data (no guard, no
 * commands, a target without onEnter, no definition stamping) is moved with one `updateMany` and one
 * `appendMany`; their observer events fire after that commit, in scan order. Anything else, or every instance
 * when the batch write fails (rolled back), is left to the per-instance path, which re-locks and re-checks.
 *
 * @internal
 */
export async function sweepBatch(
  internals: RuntimeInternals,
  limit: number,
  now: Date,
): Promise<TimeoutBatch> {
  let scanned: WorkflowInstance[] | undefined;
  try {
    return await internals.observed.run(async (queue) => {
      scanned = internals.executionStore
        ? await withoutActiveExecutions(
            internals.executionStore,
            await internals.instanceStore.findExpired(limit, now, { excludeActiveExecutions: true }),
          )
        : await internals.instanceStore.findExpired(limit, now);
      const entries: BatchEntry[] = [];
      for (const snapshot of scanned) {
        const entry = await prepareEntry(internals, snapshot);
        if (entry) entries.push(entry);
      }
      if (entries.length > 0) {
        await internals.instanceStore.updateMany!(entries.map((entry) => entry.instance));
        await internals.historyStore.appendMany!(
          entries.map((entry) => withTraceId(internals.telemetry, entry.record)),
        );
        for (const entry of entries) if (entry.event) queue.push(entry.event);
      }
      return {
        scanned,
        handled: new Map(entries.map((entry) => [entry.instance.uuid, entry.record.eventName])),
      };
    });
  } catch (error) {
    // The scan failed: as before, the sweep fails. The batch write failed: all of it was rolled back.
    if (scanned === undefined) throw error;
    return { scanned, handled: new Map() };
  }
}

/**
 * Drops the locked rows whose instance owns an active durable execution. The scan already excludes them, but
 * it filters against its own statement snapshot: an `enqueueEvent` that commits while the scan runs is
 * invisible to that filter, and its row is still locked and returned (the enqueue only locked the row, so
 * PostgreSQL does not re-check it). Re-reading after the rows are locked sees every execution committed
 * before the locks were taken, and none can be accepted for them until this transaction ends.
 *
 * @internal
 */
export async function withoutActiveExecutions(
  store: WorkflowExecutionStore,
  locked: WorkflowInstance[],
): Promise<WorkflowInstance[]> {
  if (locked.length === 0) return locked;
  const busy = new Set<string>();
  if (store.findActiveInstanceUuids) {
    const found = await store.findActiveInstanceUuids(locked.map((instance) => instance.uuid));
    for (const uuid of found) busy.add(uuid.toLowerCase());
  } else {
    for (const instance of locked) {
      if (await store.findActive(instance.uuid)) busy.add(instance.uuid.toLowerCase());
    }
  }
  return busy.size === 0 ? locked : locked.filter((instance) => !busy.has(instance.uuid.toLowerCase()));
}

const TIMEOUT_TRIGGER: Readonly<Record<string, unknown>> = Object.freeze({ source: "timeout" });

/**
 * The applied copy, history row and observer event of a claimed instance, when its timeout is pure data; else
 * `undefined`. Mirrors the per-instance path for an event without guard or commands.
 */
async function prepareEntry(
  internals: RuntimeInternals,
  snapshot: WorkflowInstance,
): Promise<BatchEntry | undefined> {
  try {
    if (!isDue(snapshot, internals.clock.now())) return undefined;
    const compiled = await internals.resolver.forInstance(snapshot);
    const definition = compiled.definition;
    if (snapshot.definitionVersion !== versionOf(definition)) return undefined;
    const eventName = internals.timeoutResolver.getTimeoutEventName(definition, snapshot.currentState);
    if (eventName === null) return undefined;
    const states = definition.states;
    const event = states[snapshot.currentState].events![eventName];
    if (event.guard || (event.commands?.length ?? 0) > 0) return undefined;
    const toState = event.targetState ?? snapshot.currentState;
    if (!Object.hasOwn(states, toState) || states[toState].onEnter) return undefined;
    const fromState = snapshot.currentState;
    const transitionUuid = randomUuid();
    const instance: WorkflowInstance = { ...snapshot };
    const occurredAt = internals.clock.now();
    internals.transitions.prepare(instance, definition, {
      toState,
      now: occurredAt,
      working: { ...snapshot.context },
      applyPatch: true,
    });
    const record: WorkflowHistoryRecord = {
      workflowInstanceUuid: instance.uuid,
      fromState,
      eventName,
      toState,
      outcome: "success",
      errorMessage: undefined,
      commandResultsJson: [],
      triggerMetadata: { source: "timeout" },
      definitionVersion: instance.definitionVersion,
    };
    const entryEvent = !internals.observers.hasOnEnter()
      ? undefined
      : buildStateEnterEvent(instance, {
          fromState,
          toState,
          transitionUuid,
          triggerEvent: eventName,
          triggerMetadata: deepFreeze({ ...TIMEOUT_TRIGGER }),
          occurredAt,
        });
    return { instance, record, event: entryEvent };
  } catch {
    // Whatever fails here fails again on the per-instance path, which records it.
    return undefined;
  }
}

/**
 * Whether a timeout is due at `now` (inclusive): deadline reached, not parked, retry time reached.
 *
 * @internal
 */
export function isDue(instance: WorkflowInstance, now: Date): boolean {
  const at = now.getTime();
  if (instance.expiresAt === null || instance.expiresAt.getTime() > at) return false;
  if (instance.timeoutRetry?.parkedAt != null) return false;
  const retryAt = instance.timeoutRetry?.retryAt;
  return retryAt == null || retryAt.getTime() <= at;
}
