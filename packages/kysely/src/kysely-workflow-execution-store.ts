import {
  type ClaimDueExecutionsInput,
  type ClaimedExecution,
  WorkflowError,
  type DurableWorkflowExecution,
  type ExecutionPage,
  type ExecutionStatusSummary,
  type ListExecutionsInput,
  type WorkflowExecutionStore,
} from "@duraflows/core";
import { claimDueExecutions, selectExecutionByKeyOrActive } from "@duraflows/sql";
import type { Kysely, Transaction } from "kysely";
import { compiledQuery } from "./compiled-query.js";
import type { WorkflowDatabase, WorkflowDatabaseWithExecutions } from "./kysely-database.js";
import { listExecutions, summarizeExecutions } from "./kysely-execution-reads.js";
import { KyselyTransactionContext } from "./kysely-transaction-context.js";

const ACTIVE_STATUSES = ["pending", "running", "parked"] as const;
const DUE_STATUSES = ["pending", "running"] as const;
const IN_LIST_CHUNK = 1000;

function indexedColumns(execution: DurableWorkflowExecution) {
  return {
    status: execution.status,
    available_at: new Date(execution.availableAt),
    lease_until: execution.leaseUntil === null ? null : new Date(execution.leaseUntil),
    revision: execution.revision,
    execution_json: JSON.stringify(execution),
  };
}

/**
 * {@link WorkflowExecutionStore} on the optional `workflow_executions` table (durable execution). Generic
 * over the database type so that a `Kysely<DB>` whose type does not declare the table still fits. Writes
 * require the active transaction of `db`; reads use it when present, else `db`.
 */
export class KyselyWorkflowExecutionStore<DB extends WorkflowDatabase = WorkflowDatabase>
  implements WorkflowExecutionStore
{
  private readonly db: Kysely<WorkflowDatabaseWithExecutions>;

  constructor(db: Kysely<DB>) {
    this.db = db as unknown as Kysely<WorkflowDatabaseWithExecutions>;
  }

  private reader(): Kysely<WorkflowDatabaseWithExecutions> {
    return this.writer(false) ?? this.db;
  }

  private writer(required: true): Transaction<WorkflowDatabaseWithExecutions>;
  private writer(required: false): Transaction<WorkflowDatabaseWithExecutions> | undefined;
  private writer(required: boolean): Transaction<WorkflowDatabaseWithExecutions> | undefined {
    const trx = KyselyTransactionContext.getTransaction(this.db);
    if (trx === undefined && required) {
      throw new WorkflowError("WorkflowExecutionStore writes require an active transaction");
    }
    return trx as unknown as Transaction<WorkflowDatabaseWithExecutions> | undefined;
  }

  /** Inserts the execution (transaction required). */
  async create(execution: DurableWorkflowExecution): Promise<void> {
    await this.writer(true)
      .insertInto("workflow_executions")
      .values({
        uuid: execution.uuid,
        workflow_instance_uuid: execution.workflowInstanceUuid,
        idempotency_key: execution.idempotencyKey,
        ...indexedColumns(execution),
      })
      .execute();
  }

  /** Optimistic update guarded by `revision = execution.revision - 1` (transaction required). */
  async update(execution: DurableWorkflowExecution): Promise<void> {
    const result = await this.writer(true)
      .updateTable("workflow_executions")
      .set(indexedColumns(execution))
      .where("uuid", "=", execution.uuid)
      .where("revision", "=", execution.revision - 1)
      .executeTakeFirst();
    if (result.numUpdatedRows !== 1n) throw new WorkflowError("Durable execution revision conflict");
  }

  /** The execution with this uuid, or `null`. */
  async findByUuid(uuid: string): Promise<DurableWorkflowExecution | null> {
    const row = await this.reader()
      .selectFrom("workflow_executions")
      .select("execution_json")
      .where("uuid", "=", uuid)
      .executeTakeFirst();
    return row?.execution_json ?? null;
  }

  /** The execution of the instance with this idempotency key, or `null`. */
  async findByKey(workflowInstanceUuid: string, key: string): Promise<DurableWorkflowExecution | null> {
    const row = await this.reader()
      .selectFrom("workflow_executions")
      .select("execution_json")
      .where("workflow_instance_uuid", "=", workflowInstanceUuid)
      .where("idempotency_key", "=", key)
      .executeTakeFirst();
    return row?.execution_json ?? null;
  }

  /** The pending, running or parked execution of the instance, or `null`. */
  async findActive(workflowInstanceUuid: string): Promise<DurableWorkflowExecution | null> {
    const row = await this.reader()
      .selectFrom("workflow_executions")
      .select("execution_json")
      .where("workflow_instance_uuid", "=", workflowInstanceUuid)
      .where("status", "in", ACTIVE_STATUSES)
      .executeTakeFirst();
    return row?.execution_json ?? null;
  }

  /** `findByKey` and `findActive` in one statement (the statement of `@duraflows/pg`). */
  async findByKeyOrActive(
    workflowInstanceUuid: string,
    key: string,
  ): Promise<{ byKey: DurableWorkflowExecution | null; active: DurableWorkflowExecution | null }> {
    const { rows } = await this.reader().executeQuery<{
      execution_json: DurableWorkflowExecution | string;
      by_key: boolean;
      active: boolean;
    }>(compiledQuery(selectExecutionByKeyOrActive(workflowInstanceUuid, key)));
    const parse = (row: { execution_json: DurableWorkflowExecution | string } | undefined) =>
      row === undefined
        ? null
        : typeof row.execution_json === "string"
          ? (JSON.parse(row.execution_json) as DurableWorkflowExecution)
          : row.execution_json;
    return { byKey: parse(rows.find((row) => row.by_key)), active: parse(rows.find((row) => row.active)) };
  }

  /**
   * The instances among `workflowInstanceUuids` that own a pending, running or parked execution (as stored).
   * Fresh statements (one per 1,000 uuids), so executions committed after an earlier statement of the
   * transaction are seen.
   */
  async findActiveInstanceUuids(workflowInstanceUuids: readonly string[]): Promise<string[]> {
    const found: string[] = [];
    // Chunked: each uuid is one bound parameter, and a statement takes at most 65,535.
    for (let start = 0; start < workflowInstanceUuids.length; start += IN_LIST_CHUNK) {
      const rows = await this.reader()
        .selectFrom("workflow_executions")
        .select("workflow_instance_uuid")
        .distinct()
        .where("workflow_instance_uuid", "in", workflowInstanceUuids.slice(start, start + IN_LIST_CHUNK))
        .where("status", "in", ACTIVE_STATUSES)
        .execute();
      for (const row of rows) found.push(row.workflow_instance_uuid);
    }
    return found;
  }

  /** Counts per status and the oldest `createdAt` of each. */
  summarizeExecutions(): Promise<ExecutionStatusSummary[]> {
    return summarizeExecutions(this.reader());
  }

  /** A keyset page by availability then uuid; a malformed cursor throws `InvalidArgumentError`. */
  listExecutions(input: ListExecutionsInput): Promise<ExecutionPage> {
    return listExecutions(this.reader(), input);
  }

  /**
   * Pending/running executions that are available and not leased, by availability then uuid. Takes no row
   * locks: it is only a hint, and the runtime re-checks each execution under the instance lock.
   */
  async findDue(limit: number, now: Date): Promise<DurableWorkflowExecution[]> {
    const rows = await this.reader()
      .selectFrom("workflow_executions")
      .select("execution_json")
      .where("status", "in", DUE_STATUSES)
      .where("available_at", "<=", now)
      .where((eb) => eb.or([eb("lease_until", "is", null), eb("lease_until", "<=", now)]))
      .orderBy("available_at")
      .orderBy("uuid")
      .limit(limit)
      .execute();
    return rows.map((row) => row.execution_json);
  }

  /**
   * Claims and leases up to `limit` due executions in one statement (`FOR UPDATE SKIP LOCKED` on the
   * executions and their instances; the statement of `@duraflows/pg`), so concurrent workers take disjoint
   * batches.
   */
  async claimDue(input: ClaimDueExecutionsInput): Promise<ClaimedExecution[]> {
    const { rows } = await this.reader().executeQuery<{
      execution_json: DurableWorkflowExecution | string;
      claimed: boolean;
    }>(compiledQuery(claimDueExecutions(input.limit, input.now)));
    return rows.map((row) => ({
      execution:
        typeof row.execution_json === "string"
          ? (JSON.parse(row.execution_json) as DurableWorkflowExecution)
          : row.execution_json,
      claimed: row.claimed,
    }));
  }

  /**
   * Distinct instances stamped with the version (state not excluded) or owning an active execution that
   * captured that version (a definition without a version counts as version 1).
   */
  async countInstancesUsingDefinition(input: {
    workflowName: string;
    definitionVersion: number;
    excludeStates: string[];
  }): Promise<number> {
    const executor = this.reader();
    let stamped = executor
      .selectFrom("workflow_instances")
      .select("workflow_instances.uuid as instance_uuid")
      .where("workflow_instances.workflow_name", "=", input.workflowName)
      .where("workflow_instances.definition_version", "=", input.definitionVersion);
    if (input.excludeStates.length > 0) {
      stamped = stamped.where("workflow_instances.current_state", "not in", input.excludeStates);
    }
    const executing = executor
      .selectFrom("workflow_executions")
      .select("workflow_executions.workflow_instance_uuid as instance_uuid")
      .where("workflow_executions.status", "in", ACTIVE_STATUSES)
      .where((eb) =>
        eb(eb.ref("workflow_executions.execution_json", "->>").key("workflowName"), "=", input.workflowName),
      )
      .where((eb) =>
        eb(
          eb.fn.coalesce(
            eb.cast<string>(
              eb.ref("workflow_executions.execution_json", "->>").key("definition").key("version"),
              "text",
            ),
            eb.val("1"),
          ),
          "=",
          String(input.definitionVersion),
        ),
      );
    const row = await executor
      .selectFrom(stamped.union(executing).as("using_definition"))
      .select((eb) => eb.fn.countAll().as("count"))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }
}
