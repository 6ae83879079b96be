import {
  type ClaimInStateInput,
  decodeReadCursor,
  toInstancePage,
  WorkflowError,
  type InstancePage,
  type InstanceStateCount,
  type ListInstancesInput,
  type SweepCommandlessTimeoutsInput,
  type SweptTimeout,
  type SweptTimeouts,
  type TimeoutSummary,
  type WorkflowInstance,
  type WorkflowInstanceStore,
} from "@duraflows/core";
import type { Pool, PoolClient } from "pg";
import { PgTransactionContext } from "./pg-transaction-context.js";
import { storePools } from "./pg-store-pools.js";
import { dateOrNull, type InstanceRow, toInstance } from "./pg-instance-row.js";
import {
  claimInState,
  countInstances,
  countInstancesByState,
  insertInstance,
  listInstances,
  lockInstanceByUuid,
  named,
  optimisticLockingError,
  selectExpiredInstances,
  selectInstanceByUuid,
  selectInstanceUuids,
  selectParkedTimeouts,
  summarizeTimeouts,
  sweepCommandlessTimeouts,
  updateInstance,
  updateInstances,
} from "@duraflows/sql";

/** A row of the set-based sweep: NULLs besides the flag when it moved nothing (see the statement). */
interface SweptRow {
  uuid: string | null;
  /** 1-based position of the matched rule in the input. */
  rule: number | null;
  version: number | null;
  context_json: Record<string, unknown> | null;
  metadata_json: Record<string, unknown> | null;
  /** `created_at` in epoch milliseconds. */
  created_ms: number | null;
  uncovered_due: boolean;
}

/** `WorkflowInstanceStore` on `workflow_instances`, joining the pool's active transaction when there is one. */
export class PgWorkflowInstanceStore implements WorkflowInstanceStore {
  constructor(private readonly pool: Pool) {
    storePools.set(this, pool);
  }

  private executor(): Pool | PoolClient {
    return PgTransactionContext.getClient(this.pool) ?? this.pool;
  }

  private requireClient(operation: string): PoolClient {
    const client = PgTransactionContext.getClient(this.pool);
    if (client === undefined) throw new WorkflowError(`${operation} requires an active transaction`);
    return client;
  }

  /** Inserts the instance with every field, including `timeoutRetry` and `definitionVersion`. */
  async create(instance: WorkflowInstance): Promise<void> {
    await this.executor().query(insertInstance(instance));
  }

  /** Plain read; `null` when absent. */
  async findByUuid(uuid: string): Promise<WorkflowInstance | null> {
    // Prepared once per connection: it is the read of every optimistic transition, and parsing and planning
    // it on each call cost PostgreSQL about as much as running it.
    const { rows } = await this.executor().query<InstanceRow>(
      named("select_instance", selectInstanceByUuid(uuid)),
    );
    return rows.length === 0 ? null : toInstance(rows[0]);
  }

  /** `SELECT … FOR UPDATE` in the active transaction; throws outside one. */
  async lockByUuid(uuid: string): Promise<WorkflowInstance | null> {
    const client = this.requireClient("lockByUuid");
    const { rows } = await client.query<InstanceRow>(named("lock_instance", lockInstanceByUuid(uuid)));
    return rows.length === 0 ? null : toInstance(rows[0]);
  }

  /** Writes the mutable columns if the stored version is `instance.version - 1`; never metadata. */
  async update(instance: WorkflowInstance): Promise<void> {
    const result = await this.executor().query(named("update_instance", updateInstance(instance)));
    if (result.rowCount === 0) throw optimisticLockingError(instance.uuid, instance.version - 1);
  }

  /**
   * `update` of many instances in one multi-row statement; throws the optimistic-locking error of the first
   * instance (in input order) whose version guard matched no row. Run it in a transaction: on that error the
   * other rows are already written and must be rolled back.
   */
  async updateMany(instances: readonly WorkflowInstance[]): Promise<void> {
    if (instances.length === 0) return;
    const { rows } = await this.executor().query<{ uuid: string }>(
      named("update_instances", updateInstances(instances)),
    );
    if (rows.length === instances.length) return;
    const written = new Set(rows.map((row) => row.uuid));
    const refused = instances.find((instance) => !written.has(instance.uuid)) ?? instances[0];
    throw optimisticLockingError(refused.uuid, refused.version - 1);
  }

  /**
   * The set-based sweep: claims (`FOR UPDATE SKIP LOCKED`) and moves up to `input.limit` due command-less
   * timeouts and appends their history rows in one statement (on the active transaction's client when there
   * is one, else committed on its own).
   */
  async sweepCommandlessTimeouts(input: SweepCommandlessTimeoutsInput): Promise<SweptTimeouts> {
    const { rows } = await this.executor().query<SweptRow>(
      named("sweep_commandless_timeouts", sweepCommandlessTimeouts(input)),
    );
    // An empty sweep still returns one row, of NULLs besides the flag.
    const uncoveredDue = rows.length === 0 || rows[0].uncovered_due;
    if (rows.length === 1 && rows[0].uuid === null) return { swept: [], uncoveredDue };
    const { rules, now } = input;
    const swept: SweptTimeout[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      // The matched rule gives what the statement wrote from it (state, deadline) or matched on (workflow,
      // version); the statement wrote the transition time and cleared the retry state.
      const rule = rules[row.rule! - 1];
      swept[i] = {
        instance: {
          uuid: row.uuid!,
          workflowName: rule.workflowName,
          currentState: rule.toState,
          version: row.version!,
          definitionVersion: rule.definitionVersion,
          expiresAt: rule.expiresAt === null ? null : new Date(rule.expiresAt),
          timeoutRetry: null,
          lastTransitionAt: new Date(now),
          context: row.context_json!,
          metadata: row.metadata_json!,
          createdAt: new Date(row.created_ms!),
          updatedAt: new Date(now),
        },
        fromState: rule.fromState,
        eventName: rule.eventName,
      };
    }
    return { swept, uncoveredDue };
  }

  /** Due instances in due order, claimed with `FOR UPDATE SKIP LOCKED`; throws outside a transaction. */
  async findExpired(
    limit: number,
    now: Date,
    options?: { excludeActiveExecutions?: boolean },
  ): Promise<WorkflowInstance[]> {
    const client = this.requireClient("findExpired");
    const query = selectExpiredInstances(limit, now, options?.excludeActiveExecutions === true);
    const { rows } = await client.query<InstanceRow>(query);
    return rows.map(toInstance);
  }

  /**
   * Instances of the workflow resting in the state and matching the filter (`@>` on context and metadata),
   * ascending by uuid after `afterUuid`, claimed with `FOR UPDATE SKIP LOCKED`; throws outside a transaction.
   */
  async claimInState(input: ClaimInStateInput): Promise<WorkflowInstance[]> {
    const client = this.requireClient("claimInState");
    const { rows } = await client.query<InstanceRow>(claimInState(input));
    return rows.map(toInstance);
  }

  /** Parked timeouts, oldest parked first, then by uuid. */
  async findParkedTimeouts(input: { limit: number; workflowName?: string }): Promise<WorkflowInstance[]> {
    const { rows } = await this.executor().query<InstanceRow>(
      selectParkedTimeouts(input.limit, input.workflowName),
    );
    return rows.map(toInstance);
  }

  /** Counts grouped by workflow, definition version and state. */
  async countInstancesByState(input: { workflowName?: string }): Promise<InstanceStateCount[]> {
    const { rows } = await this.executor().query<{
      workflow_name: string;
      definition_version: number | null;
      current_state: string;
      count: number;
    }>(countInstancesByState(input.workflowName));
    return rows.map((row) => ({
      workflowName: row.workflow_name,
      definitionVersion: row.definition_version,
      state: row.current_state,
      count: row.count,
    }));
  }

  /** A keyset page in the input's order (default newest transition first); a malformed cursor throws `InvalidArgumentError`. */
  async listInstances(input: ListInstancesInput): Promise<InstancePage> {
    const after = input.after === undefined ? undefined : decodeReadCursor(input.after);
    const { rows } = await this.executor().query<InstanceRow>(listInstances(input, after));
    return toInstancePage(rows.map(toInstance), input);
  }

  /** Overdue and parked timeouts as of `now`. */
  async summarizeTimeouts(input: { now: Date; workflowName?: string }): Promise<TimeoutSummary> {
    const { rows } = await this.executor().query<{
      overdue: number;
      oldest_overdue_at: Date | null;
      parked: number;
      oldest_parked_at: Date | null;
    }>(summarizeTimeouts(input.now, input.workflowName));
    const row = rows[0];
    return {
      overdue: row.overdue,
      oldestOverdueAt: dateOrNull(row.oldest_overdue_at),
      parked: row.parked,
      oldestParkedAt: dateOrNull(row.oldest_parked_at),
    };
  }

  /** Instances stamped with the version whose state is not excluded. */
  async countInstances(input: {
    workflowName: string;
    definitionVersion: number;
    excludeStates: string[];
  }): Promise<number> {
    const query = countInstances(input.workflowName, input.definitionVersion, input.excludeStates);
    const { rows } = await this.executor().query<{ count: number }>(query);
    return Number(rows[0].count);
  }

  /** A page of instance uuids stamped with the version, ascending, strictly after `afterUuid`. */
  async findInstanceUuids(input: {
    workflowName: string;
    definitionVersion: number;
    limit: number;
    afterUuid?: string;
    states?: string[];
    excludeStates?: string[];
  }): Promise<string[]> {
    const { rows } = await this.executor().query<{ uuid: string }>(selectInstanceUuids(input));
    return rows.map((row) => row.uuid);
  }
}
