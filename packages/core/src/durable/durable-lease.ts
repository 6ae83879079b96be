import { randomUUID } from "node:crypto";
import { ExecutionLeaseLostError } from "../errors/durable.error.js";
import { WorkflowInstanceNotFoundError } from "../errors/instance.error.js";
import { WorkflowError } from "../errors/workflow-error.js";
import type { ObserverEventQueue } from "../transition/observed-transaction.js";
import type { RuntimeInternals } from "../transition/runtime-internals.js";
import type { WorkflowInstance } from "../model/workflow-instance.js";
import type { DurableWorkflowExecution } from "../model/durable-execution.js";
import type {
  LockedInstanceAndExecution,
  WorkflowExecutionStore,
} from "../persistence/workflow-execution-store.js";

/** What the durable modules share: the runtime internals and the (configured) execution store. */
export interface DurableDeps {
  internals: RuntimeInternals;
  store: WorkflowExecutionStore;
}

/** The state an owned transaction hands to its work. */
export interface OwnedScope {
  /** Fresh copy of the record, re-read under the instance lock. */
  execution: DurableWorkflowExecution;
  instance: WorkflowInstance;
  queue: ObserverEventQueue;
  now: Date;
}

/** How a claim ended. */
export type ClaimOutcome =
  | { kind: "claimed"; execution: DurableWorkflowExecution }
  | { kind: "skipped" }
  | { kind: "parked" }
  | { kind: "instance-changed"; error: string };

/**
 * Why an execution can no longer run: the instance moved past the version captured at acceptance.
 *
 * @internal
 */
export const INSTANCE_CHANGED = "Instance changed during durable execution";
const LEASE_EXPIRED_AT_LIMIT = "Command lease expired at the attempt limit";

/**
 * Saves a record: every save increments `revision` and sets `updatedAt` (optimistic in the store).
 *
 * @internal
 */
export async function saveExecution(
  deps: DurableDeps,
  execution: DurableWorkflowExecution,
  now: Date,
): Promise<void> {
  stampSave(execution, now);
  await deps.store.update(execution);
}

/**
 * What every save sets on the record before it is written: the next `revision` and `updatedAt`.
 *
 * @internal
 */
export function stampSave(execution: DurableWorkflowExecution, now: Date): void {
  execution.revision++;
  execution.updatedAt = now.toISOString();
}

/**
 * Runs `work` in an "owned" transaction (with observer delivery): the instance is locked, the record re-read
 * and required to be `running` under `leaseToken` with an unexpired lease (else `ExecutionLeaseLostError`),
 * and the instance version must still be the one captured at acceptance unless `checkInstance` is false.
 *
 * @internal
 */
export function runOwned<T>(
  deps: DurableDeps,
  held: Pick<DurableWorkflowExecution, "uuid" | "workflowInstanceUuid" | "leaseToken">,
  work: (scope: OwnedScope) => Promise<T>,
  checkInstance = true,
): Promise<T> {
  const internals = deps.internals;
  return internals.observed.run(async (queue) => {
    const { instance, execution } = await lockAndRead(deps, held.workflowInstanceUuid, held.uuid);
    const now = internals.clock.now();
    if (!execution || !holdsLease(execution, held.leaseToken, now)) throw new ExecutionLeaseLostError();
    if (!instance) throw new WorkflowInstanceNotFoundError(held.workflowInstanceUuid);
    if (checkInstance && instance.version !== execution.instanceVersion)
      throw new WorkflowError(INSTANCE_CHANGED);
    return work({ execution, instance, queue, now });
  });
}

/*
 * The instance lock, then the execution as committed after the lock was granted: one statement when the store
 * offers `lockInstanceAndFind` for this instance store, else `lockByUuid` and `findByUuid`.
 */
async function lockAndRead(
  deps: DurableDeps,
  workflowInstanceUuid: string,
  executionUuid: string,
): Promise<LockedInstanceAndExecution> {
  const { internals, store } = deps;
  const instanceStore = internals.instanceStore;
  const locked = await store.lockInstanceAndFind?.(instanceStore, workflowInstanceUuid, executionUuid);
  if (locked) return locked;
  const instance = await instanceStore.lockByUuid(workflowInstanceUuid);
  return { instance, execution: await store.findByUuid(executionUuid) };
}

/**
 * Whether `error` is the owned-transaction refusal of an instance that changed behind the execution's back.
 *
 * @internal
 */
export function isInstanceChanged(error: unknown): boolean {
  return error instanceof WorkflowError && error.message === INSTANCE_CHANGED;
}

/**
 * Parks `execution` for good because its instance changed: no retry can run it against the version it
 * captured, so it leaves the queue (healthy work behind it proceeds) with a clear `lastError`, and keeps the
 * instance occupied until someone cancels it. The caller's transaction saves it.
 *
 * @internal
 */
export async function parkInstanceChanged(
  deps: DurableDeps,
  execution: DurableWorkflowExecution,
  now: Date,
): Promise<void> {
  execution.status = "parked";
  execution.lastError = INSTANCE_CHANGED;
  clearLease(execution);
  await saveExecution(deps, execution, now);
}

/**
 * Claims a due candidate in its own transaction: re-checks it under the instance lock, parks it when a lease
 * expired at the attempt limit or when its instance changed since acceptance (the park commits, so the
 * execution no longer heads the queue), else marks it `running` under a new lease and counts the attempt.
 *
 * @internal
 */
export function claimExecution(
  deps: DurableDeps,
  candidate: DurableWorkflowExecution,
): Promise<ClaimOutcome> {
  const internals = deps.internals;
  return internals.transactionRunner.runInTransaction(async (): Promise<ClaimOutcome> => {
    const { instance, execution } = await lockAndRead(deps, candidate.workflowInstanceUuid, candidate.uuid);
    const now = internals.clock.now();
    if (!execution || !isClaimable(execution, now)) return { kind: "skipped" };
    if (execution.attempts >= execution.policy.maxAttempts) {
      execution.status = "parked";
      execution.lastError = LEASE_EXPIRED_AT_LIMIT;
      clearLease(execution);
      await saveExecution(deps, execution, now);
      return { kind: "parked" };
    }
    if (!instance) throw new WorkflowInstanceNotFoundError(execution.workflowInstanceUuid);
    execution.attempts++;
    if (instance.version !== execution.instanceVersion) {
      await parkInstanceChanged(deps, execution, now);
      return { kind: "instance-changed", error: INSTANCE_CHANGED };
    }
    startLease(execution, now);
    await saveExecution(deps, execution, now);
    return { kind: "claimed", execution };
  });
}

/**
 * Marks a claimed execution `running` under a new random lease token until `now + leaseDurationMs` (the
 * caller counts the attempt and saves).
 *
 * @internal
 */
export function startLease(execution: DurableWorkflowExecution, now: Date): void {
  execution.status = "running";
  execution.leaseToken = randomUUID();
  execution.leaseUntil = new Date(now.getTime() + execution.policy.leaseDurationMs).toISOString();
}

/**
 * Extends the lease to `now + leaseDurationMs` through an owned transaction (`ctx.durable.heartbeat()`).
 *
 * @internal
 */
export async function heartbeat(
  deps: DurableDeps,
  held: Pick<DurableWorkflowExecution, "uuid" | "workflowInstanceUuid" | "leaseToken">,
): Promise<void> {
  await runOwned(deps, held, async ({ execution, now }) => {
    execution.leaseUntil = new Date(now.getTime() + execution.policy.leaseDurationMs).toISOString();
    await saveExecution(deps, execution, now);
  });
}

/**
 * Whether `execution` is running under `leaseToken` with a lease that has not expired at `now`.
 *
 * @internal
 */
function holdsLease(execution: DurableWorkflowExecution, leaseToken: string | null, now: Date): boolean {
  return (
    execution.status === "running" &&
    leaseToken !== null &&
    execution.leaseToken === leaseToken &&
    execution.leaseUntil !== null &&
    Date.parse(execution.leaseUntil) > now.getTime()
  );
}

/**
 * Whether a live (unexpired) lease exists at `now`.
 *
 * @internal
 */
export function hasLiveLease(execution: DurableWorkflowExecution, now: Date): boolean {
  return execution.leaseUntil !== null && Date.parse(execution.leaseUntil) > now.getTime();
}

/**
 * Drops the lease fields.
 *
 * @internal
 */
export function clearLease(execution: DurableWorkflowExecution): void {
  execution.leaseToken = null;
  execution.leaseUntil = null;
}

function isClaimable(execution: DurableWorkflowExecution, now: Date): boolean {
  return (
    (execution.status === "pending" || execution.status === "running") &&
    Date.parse(execution.availableAt) <= now.getTime() &&
    !hasLiveLease(execution, now)
  );
}
