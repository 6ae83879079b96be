import { randomUUID } from "node:crypto";
import type { WorkflowDefinition } from "../definition/types.js";
import { WorkflowInstanceBusyError } from "../errors/durable.error.js";
import { IdempotencyConflictError } from "../errors/idempotency.error.js";
import { InvalidEventError, WorkflowInstanceNotFoundError } from "../errors/instance.error.js";
import { WorkflowError } from "../errors/workflow-error.js";
import { lookupCommand, lookupGuard } from "../registry/lookup.js";
import type { WorkflowCommandRegistry } from "../registry/types.js";
import type { WorkflowExecutionContext } from "../model/workflow-execution-context.js";
import type { WorkflowInstance } from "../model/workflow-instance.js";
import { deepClone } from "../util/deep-clone.js";
import { deepFreeze } from "../util/deep-freeze.js";
import { deterministicTransitionUuid } from "./deterministic-transition-uuid.js";
import { assertRegisteredPayload } from "../registry/registered-schemas.js";
import type { DurableEnqueueInput } from "./durable-input.js";
import type { DurableDeps } from "./durable-lease.js";
import { durableSubject, ownEvent } from "./journal-planner.js";
import type { DurableWorkflowExecution } from "../model/durable-execution.js";
import type { KeyedOrActiveExecutions } from "../persistence/workflow-execution-store.js";
import { isUuidText } from "../util/is-uuid-text.js";
import { versionOf } from "../definition/version-of.js";
import { jsonCopy } from "../util/json-copy.js";

/**
 * Accepts a validated enqueue input in one observed transaction: key replay or conflict,
 * busy check, definition capture, own-event check, best-effort capture, one guard evaluation and the insert.
 * Returns a JSON copy of the (new or replayed) record.
 *
 * @internal
 */
export function acceptDurableEvent(
  deps: DurableDeps,
  input: DurableEnqueueInput,
): Promise<DurableWorkflowExecution> {
  const { internals, store } = deps;
  return internals.observed.run(async () => {
    const instance = isUuidText(input.workflowInstanceUuid)
      ? await internals.instanceStore.lockByUuid(input.workflowInstanceUuid)
      : null;
    if (!instance) throw new WorkflowInstanceNotFoundError(input.workflowInstanceUuid);
    const upFront = store.createUnlessTaken ? await recordUpFront(deps, input, instance) : undefined;
    if (upFront) {
      // The key and busy checks and the insert in one statement: it inserts only when both find nothing.
      const taken = replayOrRefuse(instance.uuid, input, await store.createUnlessTaken!(upFront));
      if (taken) return taken;
      await internals.wakeNotifier?.notify({ kind: "execution" });
      return jsonCopy(upFront);
    }
    const found = store.findByKeyOrActive
      ? await store.findByKeyOrActive(instance.uuid, input.idempotencyKey)
      : undefined;
    const byKey = found ? found.byKey : await store.findByKey(instance.uuid, input.idempotencyKey);
    const replayed = replayOrRefuse(instance.uuid, input, { byKey, active: null });
    if (replayed) return replayed;
    const active = found ? found.active : await store.findActive(instance.uuid);
    if (active) throw new WorkflowInstanceBusyError(instance.uuid);
    const compiled = await internals.resolver.forInstance(instance);
    // An instance stamped with this version already has its stored row (stamping ensures it first), as
    // triggerEvent assumes too: two round trips less per enqueue.
    if (instance.definitionVersion !== versionOf(compiled.definition)) {
      await internals.resolver.ensureStored(compiled.definition);
    }
    const definition = jsonCopy(compiled.definition);
    const event = ownEvent(definition, instance.currentState, input.eventName);
    if (!event) throw new InvalidEventError(instance.uuid, instance.currentState, input.eventName);
    await assertRegisteredPayload(
      internals.definitionRegistry,
      instance.workflowName,
      input.eventName,
      input.subject,
    );
    const now = internals.clock.now();
    const execution = newRecord(deps, input, instance, definition, now);
    if (event.guard) {
      const rejectedBy = await evaluateGuard(deps, execution, instance, event.guard);
      if (rejectedBy !== undefined) {
        const historyUuid = await internals.historyStore.append({
          workflowInstanceUuid: instance.uuid,
          fromState: instance.currentState,
          eventName: input.eventName,
          toState: instance.currentState,
          outcome: "guard-rejected",
          rejectedBy,
          commandResultsJson: [],
          triggerMetadata: deepClone(execution.triggerMetadata),
          definitionVersion: definition.version ?? 1,
        });
        execution.status = "completed";
        execution.rejectedBy = rejectedBy;
        execution.result = {
          outcome: "guard-rejected",
          fromState: instance.currentState,
          toState: instance.currentState,
          commandResults: [],
          historyUuid,
          rejectedBy,
        };
      }
    }
    await store.create(execution);
    // Pending work (not a guard rejection): listening workers wake when this transaction commits.
    if (execution.status === "pending") await internals.wakeNotifier?.notify({ kind: "execution" });
    return jsonCopy(execution);
  });
}

/**
 * The replay and busy checks: the keyed execution when it is a replay (same event and fingerprint), else
 * `IdempotencyConflictError`; `WorkflowInstanceBusyError` when another execution is active; `undefined` when
 * the instance is free for a new execution.
 *
 * @internal
 */
export function replayOrRefuse(
  instanceUuid: string,
  input: DurableEnqueueInput,
  found: KeyedOrActiveExecutions,
): DurableWorkflowExecution | undefined {
  const existing = found.byKey;
  if (existing) {
    if (
      existing.eventName !== input.eventName ||
      existing.idempotencyFingerprint !== input.idempotencyFingerprint
    ) {
      throw new IdempotencyConflictError(instanceUuid);
    }
    return existing;
  }
  if (found.active) throw new WorkflowInstanceBusyError(instanceUuid);
  return undefined;
}

/**
 * The new pending record, built before the key and busy checks so they and the insert can share a statement
 * (`createUnlessTaken`). Only for the common case whose checks have no effect to order: the definition is
 * already stored, the event is the state's own and has no guard (a guard runs user code and may write a
 * rejection), the payload is valid and every command is registered. Anything else returns `undefined` and
 * the enqueue takes the step-by-step path, which raises the same errors in the same order as before.
 *
 * @internal
 */
export async function recordUpFront(
  deps: DurableDeps,
  input: DurableEnqueueInput,
  instance: WorkflowInstance,
): Promise<DurableWorkflowExecution | undefined> {
  const internals = deps.internals;
  try {
    const compiled = await internals.resolver.forInstance(instance);
    if (instance.definitionVersion !== versionOf(compiled.definition)) return undefined;
    const definition = jsonCopy(compiled.definition);
    const event = ownEvent(definition, instance.currentState, input.eventName);
    if (!event || event.guard) return undefined;
    await assertRegisteredPayload(
      internals.definitionRegistry,
      instance.workflowName,
      input.eventName,
      input.subject,
    );
    return newRecord(deps, input, instance, definition, internals.clock.now());
  } catch {
    return undefined;
  }
}

function newRecord(
  deps: DurableDeps,
  input: DurableEnqueueInput,
  instance: WorkflowInstance,
  definition: WorkflowDefinition,
  now: Date,
): DurableWorkflowExecution {
  const internals = deps.internals;
  const at = now.toISOString();
  const execution: DurableWorkflowExecution = {
    uuid: randomUUID(),
    workflowInstanceUuid: instance.uuid,
    workflowName: instance.workflowName,
    eventName: input.eventName,
    idempotencyKey: input.idempotencyKey,
    status: "pending",
    revision: 0,
    definition,
    bestEffortCommands: bestEffortCommandsOf(definition, internals.commandRegistry),
    instanceVersion: instance.version,
    fromState: instance.currentState,
    initialContext: jsonCopy(instance.context),
    metadata: jsonCopy(instance.metadata),
    triggerMetadata: input.triggerMetadata,
    journal: [],
    result: null,
    attempts: 0,
    lastError: null,
    availableAt: at,
    leaseToken: null,
    leaseUntil: null,
    createdAt: at,
    updatedAt: at,
    policy: { ...internals.durablePolicy! },
    maxOnEnterDepth: internals.maxOnEnterDepth,
  };
  if (input.idempotencyFingerprint !== undefined)
    execution.idempotencyFingerprint = input.idempotencyFingerprint;
  if (input.hasSubject) execution.subject = input.subject;
  return execution;
}

async function evaluateGuard(
  deps: DurableDeps,
  execution: DurableWorkflowExecution,
  instance: WorkflowInstance,
  guardRef: NonNullable<NonNullable<ReturnType<typeof ownEvent>>["guard"]>,
): Promise<string | undefined> {
  const registry = deps.internals.guardRegistry;
  if (!registry) throw new WorkflowError("Durable event requires a guard registry");
  const guard = lookupGuard(registry, guardRef.name);
  const event = ownEvent(execution.definition, execution.fromState, execution.eventName);
  const context: WorkflowExecutionContext = {
    triggerMetadata: deepFreeze(deepClone(execution.triggerMetadata)),
    now: new Date(execution.createdAt),
    context: deepFreeze(deepClone(execution.initialContext)),
    metadata: deepFreeze(deepClone(execution.metadata)),
    commandMetadata: deepFreeze(deepClone(guardRef.metadata ?? {})),
    fromState: instance.currentState,
    toState: event?.targetState ?? instance.currentState,
    transitionUuid: deterministicTransitionUuid(execution.uuid, 0),
  };
  return (await guard.evaluate(durableSubject(execution), context)) ? undefined : guardRef.name;
}

/**
 * Names of every command the definition references whose registered handler is best-effort, in order of
 * first reference. An unregistered referenced command throws the registry's "not found" error.
 *
 * @internal
 */
function bestEffortCommandsOf(definition: WorkflowDefinition, registry: WorkflowCommandRegistry): string[] {
  const names = new Set<string>();
  for (const state of Object.values(definition.states)) {
    for (const event of Object.values(state.events ?? {}))
      for (const ref of event.commands ?? []) names.add(ref.name);
    for (const ref of state.onEnter?.commands ?? []) names.add(ref.name);
  }
  return [...names].filter((name) => lookupCommand(registry, name).bestEffort === true);
}
