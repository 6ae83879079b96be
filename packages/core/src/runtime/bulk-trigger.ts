import { randomUuid } from "../util/random-uuid.js";
import type { WorkflowDefinition } from "../definition/types.js";
import { InvalidArgumentError, WorkflowError } from "../errors/workflow-error.js";
import { buildStateEnterEvent } from "../observer/build-state-enter-event.js";
import type { StateEnterEvent } from "../observer/types.js";
import type { WorkflowHistoryRecord } from "../model/workflow-history-record.js";
import type { ClaimInStateInput, InstanceStateFilter } from "../persistence/workflow-instance-store.js";
import { withTraceId } from "../telemetry/with-trace-id.js";
import { assertPositiveSafeInteger } from "../util/assert-integer.js";
import { deepClone } from "../util/deep-clone.js";
import { deepFreeze } from "../util/deep-freeze.js";
import { assertStorableJson } from "../util/storable-json.js";
import { versionOf } from "../definition/version-of.js";
import { triggerEvent } from "./event-trigger.js";
import type { RuntimeInternals } from "../transition/runtime-internals.js";
// The sweep and bulk transitions write through the same updateMany/appendMany pair, under the same condition.
import { canSweepInBatch, withoutActiveExecutions } from "./timeout-batch.js";
import type { WorkflowInstance } from "../model/workflow-instance.js";

/** Input of `WorkflowRuntime.triggerEventForMany`. */
export interface TriggerEventForManyInput {
  workflowName: string;
  /** Only instances resting in this state. */
  state: string;
  /** The event to trigger on each of them. */
  eventName: string;
  /** Only instances matching every field given. */
  where?: InstanceStateFilter;
  /** Trigger the event on at most this many instances. */
  limit: number;
  /** Instances moved per transaction (default 500). */
  batchSize?: number;
  /** Stored on every history row and passed to observers (default `{}`). */
  triggerMetadata?: Record<string, unknown>;
}

/** One instance `triggerEventForMany` could not move. */
export interface TriggerEventForManyFailure {
  uuid: string;
  error: string;
}

/** What `WorkflowRuntime.triggerEventForMany` did. */
export interface TriggerEventForManyResult {
  /** `"bulk"`: set-based batches; `"per-instance"`: the event has a guard, commands or an onEnter target. */
  mode: "bulk" | "per-instance";
  /** Instances taken (matched and locked, or listed on the per-instance path). */
  matched: number;
  /** Instances that took the event successfully. */
  transitioned: number;
  /** Instances whose commands failed (they moved to the error branch) or whose guard rejected the event. */
  failed: number;
  /** Instances that threw (for example: moved out of `state` before their turn); at most 100 are listed. */
  errors: TriggerEventForManyFailure[];
  /** Transactions that moved instances set-based (0 on the per-instance path). */
  batches: number;
}

interface BulkEntry {
  instance: WorkflowInstance;
  record: WorkflowHistoryRecord;
  event: StateEnterEvent | undefined;
}

const MAX_LISTED_ERRORS = 100;

function validate(input: TriggerEventForManyInput): void {
  if (input === null || typeof input !== "object")
    throw new InvalidArgumentError("triggerEventForMany needs an input object");
  for (const key of ["workflowName", "state", "eventName"] as const) {
    if (typeof input[key] !== "string" || input[key] === "")
      throw new InvalidArgumentError(`${key} must be a non-empty string, got ${String(input[key])}`);
  }
  assertPositiveSafeInteger("limit", input.limit);
  if (input.batchSize !== undefined) assertPositiveSafeInteger("batchSize", input.batchSize);
  const where = input.where;
  if (where !== undefined) {
    if (where === null || typeof where !== "object")
      throw new InvalidArgumentError("where must be an object");
    if (where.context !== undefined) assertStorableJson(where.context, "where.context");
    if (where.metadata !== undefined) assertStorableJson(where.metadata, "where.metadata");
    const before = where.lastTransitionBefore;
    if (before !== undefined && (!(before instanceof Date) || Number.isNaN(before.getTime())))
      throw new InvalidArgumentError("where.lastTransitionBefore must be a valid Date");
  }
  assertStorableJson(input.triggerMetadata ?? {}, "triggerMetadata");
}

/** Whether `eventName` on `state` is pure data: no guard, no commands, a target without onEnter. */
function isPureEvent(definition: WorkflowDefinition, state: string, eventName: string): boolean {
  const states = definition.states;
  if (!Object.hasOwn(states, state)) return false;
  const events = states[state].events;
  if (!events || !Object.hasOwn(events, eventName)) return false;
  const event = events[eventName];
  if (event.guard || (event.commands?.length ?? 0) > 0) return false;
  const target = event.targetState ?? state;
  return Object.hasOwn(states, target) && !states[target].onEnter;
}

/**
 * `triggerEventForMany`: when the event is pure data in the registered definition and the stores can write in
 * bulk, each batch is one observed transaction that claims up to `batchSize` matching instances (FOR UPDATE SKIP
 * LOCKED, by uuid), moves them with one `updateMany` and one `appendMany`, and fires their observer events after
 * commit. A claimed instance that is not pure data under its own governing definition version (or is stamped
 * with an older one) goes through `triggerEvent` after the commit. Otherwise every matching instance goes through
 * `triggerEvent`, one transaction each.
 *
 * @internal
 */
export async function triggerEventForMany(
  internals: RuntimeInternals,
  input: TriggerEventForManyInput,
): Promise<TriggerEventForManyResult> {
  validate(input);
  await internals.initialize();
  const store = internals.instanceStore;
  if (!store.claimInState)
    throw new WorkflowError(
      "triggerEventForMany requires an instance store with the claimInState capability",
    );
  const definition = internals.definitionRegistry.get(input.workflowName);
  const result: TriggerEventForManyResult = {
    mode: "bulk",
    matched: 0,
    transitioned: 0,
    failed: 0,
    errors: [],
    batches: 0,
  };
  const batchSize = Math.min(input.batchSize ?? 500, input.limit);
  const bulk = canSweepInBatch(internals) && isPureEvent(definition, input.state, input.eventName);
  if (!bulk) result.mode = "per-instance";
  const claim = (afterUuid: string | undefined, limit: number): ClaimInStateInput => ({
    workflowName: input.workflowName,
    state: input.state,
    ...(input.where !== undefined ? { where: input.where } : {}),
    ...(afterUuid !== undefined ? { afterUuid } : {}),
    limit,
    excludeActiveExecutions: internals.executionStore !== undefined,
  });
  let afterUuid: string | undefined;
  while (result.matched < input.limit) {
    const limit = Math.min(batchSize, input.limit - result.matched);
    let taken: WorkflowInstance[];
    let rest: WorkflowInstance[];
    if (bulk) {
      const done = await moveBatch(internals, input, claim(afterUuid, limit));
      taken = done.claimed;
      rest = done.rest;
      if (done.moved > 0) {
        result.batches += 1;
        result.transitioned += done.moved;
      }
    } else {
      // The listing transaction ends at once: each instance is then locked again by its own triggerEvent.
      taken = await internals.transactionRunner.runInTransaction(() =>
        store.claimInState!(claim(afterUuid, limit)),
      );
      rest = taken;
    }
    if (taken.length === 0) break;
    result.matched += taken.length;
    afterUuid = taken[taken.length - 1]!.uuid;
    for (const instance of rest) await triggerOne(internals, input, instance.uuid, result);
  }
  return result;
}

async function triggerOne(
  internals: RuntimeInternals,
  input: TriggerEventForManyInput,
  uuid: string,
  result: TriggerEventForManyResult,
): Promise<void> {
  try {
    const outcome = await triggerEvent(internals, {
      workflowInstanceUuid: uuid,
      eventName: input.eventName,
      ...(input.triggerMetadata !== undefined ? { triggerMetadata: input.triggerMetadata } : {}),
    });
    if (outcome.outcome === "success") result.transitioned += 1;
    else result.failed += 1;
  } catch (error) {
    if (result.errors.length < MAX_LISTED_ERRORS)
      result.errors.push({ uuid, error: error instanceof Error ? error.message : String(error) });
  }
}

/** One set-based batch: claim, prepare, one `updateMany`, one `appendMany`; observers after commit. */
async function moveBatch(
  internals: RuntimeInternals,
  input: TriggerEventForManyInput,
  claim: ClaimInStateInput,
): Promise<{ claimed: WorkflowInstance[]; rest: WorkflowInstance[]; moved: number }> {
  return internals.observed.run(async (queue) => {
    const locked = await internals.instanceStore.claimInState!(claim);
    const free = internals.executionStore
      ? await withoutActiveExecutions(internals.executionStore, locked)
      : locked;
    const entries: BulkEntry[] = [];
    const rest: WorkflowInstance[] = [];
    for (const snapshot of free) {
      const entry = await prepareEntry(internals, input, snapshot);
      if (entry) entries.push(entry);
      else rest.push(snapshot);
    }
    if (entries.length > 0) {
      await internals.instanceStore.updateMany!(entries.map((entry) => entry.instance));
      await internals.historyStore.appendMany!(
        entries.map((entry) => withTraceId(internals.telemetry, entry.record)),
      );
      for (const entry of entries) if (entry.event) queue.push(entry.event);
    }
    // An instance dropped for an active execution is handed to triggerEvent, which reports it busy.
    if (free.length !== locked.length) {
      const kept = new Set(free.map((instance) => instance.uuid));
      for (const instance of locked) if (!kept.has(instance.uuid)) rest.push(instance);
    }
    return { claimed: locked, rest, moved: entries.length };
  });
}

/** The applied copy, history row and observer event of a claimed instance, or `undefined` when not pure data. */
async function prepareEntry(
  internals: RuntimeInternals,
  input: TriggerEventForManyInput,
  snapshot: WorkflowInstance,
): Promise<BulkEntry | undefined> {
  const compiled = await internals.resolver.forInstance(snapshot);
  const definition = compiled.definition;
  // Stamping a new version needs ensureStored and per-instance bookkeeping: left to triggerEvent.
  if (snapshot.definitionVersion !== versionOf(definition)) return undefined;
  if (snapshot.currentState !== input.state || !isPureEvent(definition, input.state, input.eventName))
    return undefined;
  const toState = definition.states[input.state].events![input.eventName].targetState ?? input.state;
  const instance: WorkflowInstance = { ...snapshot };
  const occurredAt = internals.clock.now();
  internals.transitions.prepare(instance, definition, {
    toState,
    now: occurredAt,
    working: { ...snapshot.context },
    applyPatch: true,
  });
  const triggerMetadata = deepClone(input.triggerMetadata ?? {});
  const record: WorkflowHistoryRecord = {
    workflowInstanceUuid: instance.uuid,
    fromState: input.state,
    eventName: input.eventName,
    toState,
    outcome: "success",
    errorMessage: undefined,
    commandResultsJson: [],
    triggerMetadata,
    definitionVersion: instance.definitionVersion,
  };
  const event = !internals.observers.hasOnEnter()
    ? undefined
    : buildStateEnterEvent(instance, {
        fromState: input.state,
        toState,
        transitionUuid: randomUuid(),
        triggerEvent: input.eventName,
        triggerMetadata: deepFreeze(deepClone(triggerMetadata)),
        occurredAt,
      });
  return { instance, record, event };
}
