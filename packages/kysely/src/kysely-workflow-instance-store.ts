import {
  type ClaimInStateInput,
  WorkflowError,
  type InstancePage,
  type InstanceStateCount,
  type ListInstancesInput,
  type TimeoutSummary,
  type WorkflowInstance,
  type WorkflowInstanceStore,
} from "@duraflows/core";
import { lockInstanceByUuid, named, optimisticLockingError, selectInstanceByUuid } from "@duraflows/sql";
import type { Kysely, Selectable, Transaction } from "kysely";
import type {
  WorkflowDatabase,
  WorkflowDatabaseWithExecutions,
  WorkflowInstancesTable,
} from "./kysely-database.js";
import { updateInstances } from "./kysely-batch-writes.js";
import { compiledQuery } from "./compiled-query.js";
import { updateInstanceQuery } from "./kysely-instance-writes.js";
import { countInstancesByState, listInstances, summarizeTimeouts } from "./kysely-instance-reads.js";
import { KyselyTransactionContext } from "./kysely-transaction-context.js";

const ACTIVE_EXECUTION_STATUSES = ["pending", "running", "parked"] as const;

function toInstance(row: Selectable<WorkflowInstancesTable>): WorkflowInstance {
  const attempts = row.timeout_attempts ?? 0;
  return {
    uuid: row.uuid,
    workflowName: row.workflow_name,
    currentState: row.current_state,
    version: row.version,
    definitionVersion: row.definition_version ?? null,
    expiresAt: row.expires_at,
    timeoutRetry:
      attempts === 0
        ? null
        : {
            attempts,
            lastError: row.timeout_last_error ?? "",
            retryAt: row.timeout_retry_at,
            parkedAt: row.timeout_parked_at,
          },
    lastTransitionAt: row.last_transition_at,
    context: row.context_json,
    metadata: row.metadata_json,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function timeoutColumns(instance: WorkflowInstance) {
  return {
    timeout_attempts: instance.timeoutRetry?.attempts ?? 0,
    timeout_retry_at: instance.timeoutRetry?.retryAt ?? null,
    timeout_last_error: instance.timeoutRetry?.lastError ?? null,
    timeout_parked_at: instance.timeoutRetry?.parkedAt ?? null,
  };
}

/**
 * {@link WorkflowInstanceStore} on `workflow_instances` through Kysely. Runs on the active transaction of
 * `db` (see {@link KyselyTransactionContext}) when there is one, else on `db`; `lockByUuid` and
 * `findExpired` require the transaction.
 */
export class KyselyWorkflowInstanceStore<DB extends WorkflowDatabase = WorkflowDatabase>
  implements WorkflowInstanceStore
{
  private readonly db: Kysely<WorkflowDatabase>;

  constructor(db: Kysely<DB>) {
    this.db = db as unknown as Kysely<WorkflowDatabase>;
  }

  private executor(): Kysely<WorkflowDatabase> {
    return KyselyTransactionContext.getTransaction(this.db) ?? this.db;
  }

  private requireTransaction(method: string): Transaction<WorkflowDatabase> {
    const trx = KyselyTransactionContext.getTransaction(this.db);
    if (trx === undefined) throw new WorkflowError(`${method} requires an active transaction`);
    return trx;
  }

  /** Inserts every field, including `timeoutRetry` and `definitionVersion`. */
  async create(instance: WorkflowInstance): Promise<void> {
    await this.executor()
      .insertInto("workflow_instances")
      .values({
        uuid: instance.uuid,
        workflow_name: instance.workflowName,
        current_state: instance.currentState,
        version: instance.version,
        expires_at: instance.expiresAt,
        last_transition_at: instance.lastTransitionAt,
        context_json: JSON.stringify(instance.context),
        metadata_json: JSON.stringify(instance.metadata),
        created_at: instance.createdAt,
        updated_at: instance.updatedAt,
        definition_version: instance.definitionVersion,
        ...timeoutColumns(instance),
      })
      .execute();
  }

  /** Plain read without a lock; `null` when missing. */
  async findByUuid(uuid: string): Promise<WorkflowInstance | null> {
    // The statement @duraflows/pg runs, precompiled: it is the read of every optimistic transition.
    const { rows } = await this.executor().executeQuery<Selectable<WorkflowInstancesTable>>(
      compiledQuery(named("select_instance", selectInstanceByUuid(uuid))),
    );
    const row = rows[0];
    return row === undefined ? null : toInstance(row);
  }

  /*
   * Why this is safe with concurrent workers: every mutating runtime operation takes this row lock before it
   * reads the state it will change, so two workers on one instance serialise here; the second waits for the
   * first COMMIT and then reads the committed row (READ COMMITTED re-reads after the wait). SKIP LOCKED and
   * NOWAIT were rejected: an event on a busy instance must wait its turn, not vanish or fail. The runner's
   * `lockTimeoutMs` bounds the wait, and the optimistic `version` guard of `update` backs up writers that
   * did not lock. Refusing to run outside a transaction matters: on the bare `db` the lock would end with the
   * statement.
   */
  /** `SELECT … FOR UPDATE` inside the active transaction (throws outside one); `null` when missing. */
  async lockByUuid(uuid: string): Promise<WorkflowInstance | null> {
    // The statement @duraflows/pg runs, handed over compiled: it runs on every transition, and building and
    // compiling it through the query builder each time is a measurable share of one.
    const { rows } = await this.requireTransaction("lockByUuid").executeQuery<
      Selectable<WorkflowInstancesTable>
    >(compiledQuery(named("lock_instance", lockInstanceByUuid(uuid))));
    const row = rows[0];
    return row === undefined ? null : toInstance(row);
  }

  /** Optimistic update guarded by `version = instance.version - 1`; never writes `metadata_json`. */
  async update(instance: WorkflowInstance): Promise<void> {
    const result = await updateInstanceQuery(this.executor(), instance).executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw optimisticLockingError(instance.uuid, instance.version - 1);
  }

  /**
   * `update` of many instances in one multi-row statement; throws the optimistic-locking error of the first
   * instance (in input order) whose version guard matched no row. Run it in a transaction: the other rows are
   * already written then and must be rolled back.
   */
  updateMany(instances: readonly WorkflowInstance[]): Promise<void> {
    return updateInstances(this.executor(), instances);
  }

  /**
   * Due instances, oldest due first, locked with `FOR UPDATE SKIP LOCKED` (transaction required): concurrent
   * sweepers each take disjoint rows instead of queueing behind one another, and a row skipped now is seen
   * by the next sweep. Plain FOR UPDATE (sweepers block on each other's batches) and an unlocked read (two
   * sweepers pick the same rows) were rejected. The runtime re-locks each instance with `lockByUuid` and
   * re-checks that it is still due, so a row that changed after the scan is skipped, not fired twice.
   */
  async findExpired(
    limit: number,
    now: Date,
    options?: { excludeActiveExecutions?: boolean },
  ): Promise<WorkflowInstance[]> {
    const trx = this.requireTransaction("findExpired");
    let query = trx
      .selectFrom("workflow_instances")
      .selectAll()
      .where("expires_at", "is not", null)
      .where("expires_at", "<", now)
      .where("timeout_parked_at", "is", null)
      .where((eb) => eb.or([eb("timeout_retry_at", "is", null), eb("timeout_retry_at", "<", now)]))
      // Redundant with the filters above, but lets the planner range-scan workflow_instances_timeout_due_idx.
      .where((eb) => eb(eb.fn.coalesce("timeout_retry_at", "expires_at"), "<", now));
    if (options?.excludeActiveExecutions === true) {
      const withExecutions = trx as unknown as Kysely<WorkflowDatabaseWithExecutions>;
      query = query.where((eb) =>
        eb.not(
          eb.exists(
            withExecutions
              .selectFrom("workflow_executions")
              .select("workflow_executions.uuid")
              .whereRef("workflow_executions.workflow_instance_uuid", "=", eb.ref("workflow_instances.uuid"))
              .where("workflow_executions.status", "in", ACTIVE_EXECUTION_STATUSES),
          ),
        ),
      );
    }
    const rows = await query
      .orderBy((eb) => eb.fn.coalesce("timeout_retry_at", "expires_at"))
      .forUpdate()
      .skipLocked()
      .limit(limit)
      .execute();
    return rows.map(toInstance);
  }

  /**
   * Instances of the workflow resting in the state and matching the filter (`@>` on context and metadata),
   * ascending by uuid after `afterUuid`, claimed with `FOR UPDATE SKIP LOCKED`; requires the transaction.
   */
  async claimInState(input: ClaimInStateInput): Promise<WorkflowInstance[]> {
    const trx = this.requireTransaction("claimInState");
    const where = input.where ?? {};
    let query = trx
      .selectFrom("workflow_instances")
      .selectAll()
      .where("workflow_name", "=", input.workflowName)
      .where("current_state", "=", input.state);
    if (input.afterUuid !== undefined) query = query.where("uuid", ">", input.afterUuid);
    if (where.context !== undefined)
      query = query.where("context_json", "@>", JSON.stringify(where.context) as never);
    if (where.metadata !== undefined)
      query = query.where("metadata_json", "@>", JSON.stringify(where.metadata) as never);
    if (where.lastTransitionBefore !== undefined)
      query = query.where("last_transition_at", "<", where.lastTransitionBefore);
    if (input.excludeActiveExecutions === true) {
      const withExecutions = trx as unknown as Kysely<WorkflowDatabaseWithExecutions>;
      query = query.where((eb) =>
        eb.not(
          eb.exists(
            withExecutions
              .selectFrom("workflow_executions")
              .select("workflow_executions.uuid")
              .whereRef("workflow_executions.workflow_instance_uuid", "=", eb.ref("workflow_instances.uuid"))
              .where("workflow_executions.status", "in", ACTIVE_EXECUTION_STATUSES),
          ),
        ),
      );
    }
    const rows = await query.orderBy("uuid").forUpdate().skipLocked().limit(input.limit).execute();
    return rows.map(toInstance);
  }

  /** Parked timeouts ordered by `timeout_parked_at, uuid`, optionally of one workflow; plain read. */
  async findParkedTimeouts(input: { limit: number; workflowName?: string }): Promise<WorkflowInstance[]> {
    let query = this.executor()
      .selectFrom("workflow_instances")
      .selectAll()
      .where("timeout_parked_at", "is not", null);
    if (input.workflowName !== undefined && input.workflowName !== null) {
      query = query.where("workflow_name", "=", input.workflowName);
    }
    const rows = await query.orderBy("timeout_parked_at").orderBy("uuid").limit(input.limit).execute();
    return rows.map(toInstance);
  }

  /** Counts grouped by workflow, definition version and state. */
  countInstancesByState(input: { workflowName?: string }): Promise<InstanceStateCount[]> {
    return countInstancesByState(this.executor(), input.workflowName);
  }

  /** A keyset page, most recent transition first; a malformed cursor throws `InvalidArgumentError`. */
  listInstances(input: ListInstancesInput): Promise<InstancePage> {
    return listInstances(this.executor(), input, toInstance);
  }

  /** Overdue and parked timeouts as of `now`. */
  summarizeTimeouts(input: { now: Date; workflowName?: string }): Promise<TimeoutSummary> {
    return summarizeTimeouts(this.executor(), input);
  }

  /** Instances of the workflow stamped with the version whose state is not excluded. */
  async countInstances(input: {
    workflowName: string;
    definitionVersion: number;
    excludeStates: string[];
  }): Promise<number> {
    let query = this.executor()
      .selectFrom("workflow_instances")
      .select((eb) => eb.fn.countAll().as("count"))
      .where("workflow_name", "=", input.workflowName)
      .where("definition_version", "=", input.definitionVersion);
    // Kysely rejects an empty `not in` list; an empty list excludes nothing anyway.
    if (input.excludeStates.length > 0) query = query.where("current_state", "not in", input.excludeStates);
    const row = await query.executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /** Uuids stamped with the version, ascending, strictly after `afterUuid`; an empty `states` matches nothing. */
  async findInstanceUuids(input: {
    workflowName: string;
    definitionVersion: number;
    limit: number;
    afterUuid?: string;
    states?: string[];
    excludeStates?: string[];
  }): Promise<string[]> {
    if (input.states !== undefined && input.states !== null && input.states.length === 0) return [];
    let query = this.executor()
      .selectFrom("workflow_instances")
      .select("uuid")
      .where("workflow_name", "=", input.workflowName)
      .where("definition_version", "=", input.definitionVersion);
    if (input.afterUuid !== undefined && input.afterUuid !== null)
      query = query.where("uuid", ">", input.afterUuid);
    if (input.states !== undefined && input.states !== null)
      query = query.where("current_state", "in", input.states);
    if (input.excludeStates !== undefined && input.excludeStates !== null && input.excludeStates.length > 0) {
      query = query.where("current_state", "not in", input.excludeStates);
    }
    const rows = await query.orderBy("uuid").limit(input.limit).execute();
    return rows.map((row) => row.uuid);
  }
}
