import type { WorkflowInstanceReads } from "../reads/instance-reads.js";
import type { WorkflowInstance } from "../model/workflow-instance.js";

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
   * Due instances (`expiresAt < now`, not parked, retry time reached), ordered by `retryAt ?? expiresAt`,
   * locked with `FOR UPDATE SKIP LOCKED`, at most `limit`. With `excludeActiveExecutions`, instances owning a
   * pending/running/parked durable execution are filtered out before the limit.
   */
  findExpired(
    limit: number,
    now: Date,
    options?: { excludeActiveExecutions?: boolean },
  ): Promise<WorkflowInstance[]>;
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
