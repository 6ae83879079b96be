import { WorkflowError, type DurableWorkflowExecution } from "@duraflows/core";
import { describe, expect, it } from "vitest";
import { KyselyWorkflowExecutionStore } from "../../src/kysely-workflow-execution-store.js";
import { statementsOf } from "../support/in-recorded-transaction.js";
import { RecordingDatabase } from "../support/recording-dialect.js";

const execution = {
  uuid: "00000000-0000-4000-8000-0000000000e1",
  workflowInstanceUuid: "00000000-0000-4000-8000-0000000000a1",
  idempotencyKey: "key",
  status: "pending",
  revision: 3,
  availableAt: "2024-01-01T00:00:00.000Z",
  leaseUntil: "2024-01-01T00:00:30.000Z",
} as DurableWorkflowExecution;

describe("KyselyWorkflowExecutionStore writes", () => {
  it("requires the active transaction", async () => {
    const store = new KyselyWorkflowExecutionStore(new RecordingDatabase().db);
    const error = new WorkflowError("WorkflowExecutionStore writes require an active transaction");
    await expect(store.create(execution)).rejects.toThrow(error);
    await expect(store.update(execution)).rejects.toThrow(error);
  });

  it("converts ISO timestamps to Date and stores the whole record as JSON", async () => {
    const recording = new RecordingDatabase();
    recording.responder = ({ sql }) => (sql.startsWith("update") ? { numAffectedRows: 1n } : undefined);
    const store = new KyselyWorkflowExecutionStore(recording.db);
    const statements = await statementsOf(recording, async () => {
      await store.create(execution);
      await store.update({ ...execution, leaseUntil: null, revision: 4 });
    });
    expect(statements).toEqual([
      {
        sql: 'insert into "workflow_executions" ("uuid", "workflow_instance_uuid", "idempotency_key", "status", "available_at", "lease_until", "revision", "execution_json") values ($1, $2, $3, $4, $5, $6, $7, $8)',
        parameters: [
          execution.uuid,
          execution.workflowInstanceUuid,
          "key",
          "pending",
          new Date(execution.availableAt),
          new Date(execution.leaseUntil!),
          3,
          JSON.stringify(execution),
        ],
      },
      {
        sql: 'update "workflow_executions" set "status" = $1, "available_at" = $2, "lease_until" = $3, "revision" = $4, "execution_json" = $5 where "uuid" = $6 and "revision" = $7',
        parameters: [
          "pending",
          new Date(execution.availableAt),
          null,
          4,
          JSON.stringify({ ...execution, leaseUntil: null, revision: 4 }),
          execution.uuid,
          3,
        ],
      },
    ]);
  });

  it("reports a revision conflict when the guarded update matches no row", async () => {
    const recording = new RecordingDatabase();
    recording.responder = () => ({ numAffectedRows: 0n });
    const store = new KyselyWorkflowExecutionStore(recording.db);
    await expect(statementsOf(recording, () => store.update(execution))).rejects.toThrow(
      new WorkflowError("Durable execution revision conflict"),
    );
  });
});

describe("KyselyWorkflowExecutionStore reads", () => {
  it("reads execution_json outside a transaction, null when missing", async () => {
    const recording = new RecordingDatabase();
    const store = new KyselyWorkflowExecutionStore(recording.db);
    recording.responder = () => ({ rows: [{ execution_json: execution }] });
    expect(await store.findByUuid(execution.uuid)).toEqual(execution);
    expect(await store.findByKey(execution.workflowInstanceUuid, "key")).toEqual(execution);
    recording.responder = () => ({ rows: [] });
    expect(await store.findActive(execution.workflowInstanceUuid)).toBeNull();
    expect(recording.sql()).toEqual([
      'select "execution_json" from "workflow_executions" where "uuid" = $1',
      'select "execution_json" from "workflow_executions" where "workflow_instance_uuid" = $1 and "idempotency_key" = $2',
      'select "execution_json" from "workflow_executions" where "workflow_instance_uuid" = $1 and "status" in ($2, $3, $4)',
    ]);
  });

  it("finds due executions without row locks, by availability then uuid", async () => {
    const recording = new RecordingDatabase();
    const now = new Date("2024-01-02T00:00:00.000Z");
    await new KyselyWorkflowExecutionStore(recording.db).findDue(7, now);
    expect(recording.statements[0].sql).toBe(
      'select "execution_json" from "workflow_executions" where "status" in ($1, $2) and "available_at" <= $3 and ("lease_until" is null or "lease_until" <= $4) order by "available_at", "uuid" limit $5',
    );
    expect(recording.statements[0].parameters).toEqual(["pending", "running", now, now, 7]);
  });

  it("counts the union of stamped instances and active executions of the version", async () => {
    const recording = new RecordingDatabase();
    recording.responder = () => ({ rows: [{ count: "4" }] });
    const store = new KyselyWorkflowExecutionStore(recording.db);
    expect(
      await store.countInstancesUsingDefinition({
        workflowName: "w",
        definitionVersion: 2,
        excludeStates: [],
      }),
    ).toBe(4);
    await store.countInstancesUsingDefinition({
      workflowName: "w",
      definitionVersion: 2,
      excludeStates: ["done"],
    });
    const executions =
      'select "workflow_executions"."workflow_instance_uuid" as "instance_uuid" from "workflow_executions" where "workflow_executions"."status" in';
    const json = `"workflow_executions"."execution_json"->>'workflowName' = $`;
    const version = `coalesce(cast("workflow_executions"."execution_json"->'definition'->>'version' as text), $`;
    expect(recording.statements.map(({ sql, parameters }) => ({ sql, parameters }))).toEqual([
      {
        sql: `select count(*) as "count" from (select "workflow_instances"."uuid" as "instance_uuid" from "workflow_instances" where "workflow_instances"."workflow_name" = $1 and "workflow_instances"."definition_version" = $2 union ${executions} ($3, $4, $5) and ${json}6 and ${version}7) = $8) as "using_definition"`,
        parameters: ["w", 2, "pending", "running", "parked", "w", "1", "2"],
      },
      {
        sql: `select count(*) as "count" from (select "workflow_instances"."uuid" as "instance_uuid" from "workflow_instances" where "workflow_instances"."workflow_name" = $1 and "workflow_instances"."definition_version" = $2 and "workflow_instances"."current_state" not in ($3) union ${executions} ($4, $5, $6) and ${json}7 and ${version}8) = $9) as "using_definition"`,
        parameters: ["w", 2, "done", "pending", "running", "parked", "w", "1", "2"],
      },
    ]);
  });
});
