import type { WorkflowInstanceReads } from "../reads/instance-reads.js";
import type { SweepCommandlessTimeoutsInput, SweptTimeouts } from "./commandless-timeout-sweep.js";
import type { WorkflowInstance } from "../model/workflow-instance.js";

/** Which instances a bulk transition takes: every field given must match (JSON containment for the objects). */
export interface InstanceStateFilter {
  /** The instance's context contains this object (PostgreSQL `context_json @> filter`). */
  context?: Record<string, unknown>;
  /** The instance's metadata contains this object (PostgreSQL `metadata_json @> filter`). */
  metadata?: Record<string, unknown>;
  /** The instance's last transition happened before this instant. */
  lastTransitionBefore?: Date;
}

/** One claim of `WorkflowInstanceStore.claimInState`. */
export interface ClaimInStateInput {
  workflowName: string;
  /** Only instances whose `currentState` is this state. */
  state: string;
  where?: InstanceStateFilter;
  /** Only uuids strictly after this one (lowercase string order, which is PostgreSQL's uuid order). */
  afterUuid?: string;
  /** At most this many instances. */
  limit: number;
  /** Leave out instances owning a pending, running or parked durable execution. */
  excludeActiveExecutions?: boolean;
}

/**
 * Stores workflow instances.
 *
 * Transaction requirements: `lockByUuid` and `findExpired` MUST throw outside a transaction; `create` and
 * `update` are called inside one by the runtime; reads work anywhere. The optional read capabilities of
 * {@link WorkflowInstanceReads} serve dashboards.
 */
export interface WorkflowInstanceStore extends WorkflowInstanceReads {
  /** Persists every field, including `timeoutRetry` and `definitionVersion`. */
  create(instance: WorkflowInstance): Promise<void>;
  /** Plain read; returns an independent copy, or `null`. */
  findByUuid(uuid: string): Promise<WorkflowInstance | null>;
  /** Row lock (`SELECT … FOR UPDATE`) inside the active transaction; `null` when missing. */
  lockByUuid(uuid: string): Promise<WorkflowInstance | null>;
  /**
   * Writes the mutable fields only if the stored version equals `instance.version - 1` (the runtime has
   * already incremented it). Never writes `metadata`. Throws `WorkflowError` on a version mismatch.
   */
  update(instance: WorkflowInstance): Promise<void>;
  /**
   * Optional capability: `update` for many instances (distinct uuids) in one step, e.g. one multi-row
   * statement. Each instance is written only if its stored version is its `version - 1`; if any does not match,
   * it throws the optimistic-locking `WorkflowError` of `update` for the first such instance in input order
   * (other rows may already be written: the caller rolls the transaction back). Called inside a transaction by
   * the timeout sweep's batch path; without it the sweep uses one transaction per instance.
   */
  updateMany?(instances: readonly WorkflowInstance[]): Promise<void>;
  /**
   * Optional capability: the set-based timeout sweep. Atomically (one statement in the SQL stores, which
   * commits on its own outside a transaction), takes up to `input.limit` instances that `findExpired` would
   * return (same due filter and order, rows another transaction holds skipped) and that match a rule (workflow,
   * stamped version, current state), and moves each as the runtime would: state `toState`, `version + 1`,
   * `expiresAt` from the rule, `lastTransitionAt` and `updatedAt` = `now`, context merged with the rule's
   * patch, timeout retry state cleared, definition version unchanged; appends one `success` history row per
   * instance (no command results, `input.triggerMetadata`). Returns the moved instances in due order, and
   * whether a due instance no rule covers may be left (the runtime skips its scan when not). The runtime calls it only when no execution store is configured (an enqueue committing during the statement
   * could not be seen by it) and no outbox or wake-up must be written with it.
   */
  sweepCommandlessTimeouts?(input: SweepCommandlessTimeoutsInput): Promise<SweptTimeouts>;
  /**
   * Due instances (`expiresAt < now`, not parked, retry time reached), ordered by `retryAt ?? expiresAt`,
   * locked with `FOR UPDATE SKIP LOCKED`, at most `limit`. With `excludeActiveExecutions`, instances owning a
   * pending/running/parked durable execution are filtered out before the limit.
   */
  findExpired(
    limit: number,
    now: Date,
    options?: { excludeActiveExecutions?: boolean },
  ): Promise<WorkflowInstance[]>;
  /**
   * Optional capability: the instances of `input.workflowName` resting in `input.state` that match
   * `input.where`, ascending by uuid after `input.afterUuid`, locked with `FOR UPDATE SKIP LOCKED` (rows another
   * transaction holds are skipped, not waited for), at most `input.limit`. MUST throw outside a transaction.
   * Used by `WorkflowRuntime.triggerEventForMany`.
   */
  claimInState?(input: ClaimInStateInput): Promise<WorkflowInstance[]>;
  /** Parked timeouts, oldest parked first (then uuid); plain read. */
  findParkedTimeouts(input: { limit: number; workflowName?: string }): Promise<WorkflowInstance[]>;
  /** Counts instances stamped with the version whose state is not excluded (null versions never match). */
  countInstances(input: {
    workflowName: string;
    definitionVersion: number;
    excludeStates: string[];
  }): Promise<number>;
  /**
   * Optional: uuids stamped with the version, ascending by lowercase string, strictly after `afterUuid`.
   * `states`/`excludeStates` are hints (an empty `states` matches nothing).
   */
  findInstanceUuids?(input: {
    workflowName: string;
    definitionVersion: number;
    limit: number;
    afterUuid?: string;
    states?: string[];
    excludeStates?: string[];
  }): Promise<string[]>;
}
