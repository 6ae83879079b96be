import { WorkflowError, type WorkflowInstance } from "@duraflows/core";
import { describe, expect, it } from "vitest";
import { lockInstanceByUuid, selectInstanceByUuid } from "@duraflows/sql";
import { KyselyTransactionContext } from "../../src/kysely-transaction-context.js";
import { KyselyWorkflowInstanceStore } from "../../src/kysely-workflow-instance-store.js";
import { statementsOf } from "../support/in-recorded-transaction.js";
import { RecordingDatabase } from "../support/recording-dialect.js";

const created = new Date("2024-01-01T00:00:00.000Z");
const later = new Date("2024-01-02T00:00:00.000Z");

function instance(overrides: Partial<WorkflowInstance> = {}): WorkflowInstance {
  return {
    uuid: "00000000-0000-4000-8000-000000000001",
    workflowName: "order",
    currentState: "new",
    version: 1,
    definitionVersion: 3,
    expiresAt: null,
    timeoutRetry: null,
    lastTransitionAt: created,
    context: { total: 5 },
    metadata: { tenant: "t" },
    createdAt: created,
    updatedAt: created,
    ...overrides,
  };
}

const row = {
  uuid: "00000000-0000-4000-8000-000000000001",
  workflow_name: "order",
  current_state: "new",
  version: 1,
  definition_version: null,
  expires_at: later,
  last_transition_at: created,
  context_json: { total: 5 },
  metadata_json: { tenant: "t" },
  created_at: created,
  updated_at: later,
  timeout_attempts: 0,
  timeout_retry_at: null,
  timeout_last_error: null,
  timeout_parked_at: null,
};

describe("KyselyWorkflowInstanceStore writes", () => {
  it("inserts every column, JSON-stringified contexts and timeout columns derived from timeoutRetry", async () => {
    const recording = new RecordingDatabase();
    const store = new KyselyWorkflowInstanceStore(recording.db);
    const retry = { attempts: 2, lastError: "boom", retryAt: later, parkedAt: null };
    await store.create(instance({ timeoutRetry: retry, expiresAt: later }));
    const [{ sql, parameters }] = recording.statements;
    expect(sql).toBe(
      'insert into "workflow_instances" ("uuid", "workflow_name", "current_state", "version", "expires_at", "last_transition_at", "context_json", "metadata_json", "created_at", "updated_at", "definition_version", "timeout_attempts", "timeout_retry_at", "timeout_last_error", "timeout_parked_at") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)',
    );
    expect(parameters).toEqual([
      row.uuid,
      "order",
      "new",
      1,
      later,
      created,
      '{"total":5}',
      '{"tenant":"t"}',
      created,
      created,
      3,
      2,
      later,
      "boom",
      null,
    ]);
  });

  it("writes zero attempts and null retry columns when timeoutRetry is null", async () => {
    const recording = new RecordingDatabase();
    await new KyselyWorkflowInstanceStore(recording.db).create(instance());
    expect(recording.statements[0].parameters.slice(11)).toEqual([0, null, null, null]);
  });

  it("updates the mutable columns only (never metadata_json), guarded by version - 1", async () => {
    const recording = new RecordingDatabase();
    recording.responder = () => ({ numAffectedRows: 1n });
    await new KyselyWorkflowInstanceStore(recording.db).update(
      instance({ version: 4, currentState: "paid" }),
    );
    const [{ sql, parameters }] = recording.statements;
    expect(sql).toBe(
      'update "workflow_instances" set "current_state" = $1, "version" = $2, "expires_at" = $3, "last_transition_at" = $4, "context_json" = $5, "updated_at" = $6, "definition_version" = $7, "timeout_attempts" = $8, "timeout_retry_at" = $9, "timeout_last_error" = $10, "timeout_parked_at" = $11 where "uuid" = $12 and "version" = $13',
    );
    expect(parameters).toEqual([
      "paid",
      4,
      null,
      created,
      '{"total":5}',
      created,
      3,
      0,
      null,
      null,
      null,
      row.uuid,
      3,
    ]);
  });

  it("throws the optimistic locking failure when no row matched", async () => {
    const recording = new RecordingDatabase();
    recording.responder = () => ({ numAffectedRows: 0n });
    await expect(
      new KyselyWorkflowInstanceStore(recording.db).update(instance({ version: 7 })),
    ).rejects.toThrow(
      new WorkflowError(
        'Optimistic locking failure: workflow instance "00000000-0000-4000-8000-000000000001" was modified concurrently (expected version 6)',
      ),
    );
  });
});

describe("KyselyWorkflowInstanceStore reads", () => {
  it("maps rows (null version, zero attempts ⇒ null timeoutRetry) and returns null for a missing row", async () => {
    const recording = new RecordingDatabase();
    const store = new KyselyWorkflowInstanceStore(recording.db);
    recording.responder = () => ({ rows: [row] });
    expect(await store.findByUuid(row.uuid)).toEqual(
      instance({ definitionVersion: null, expiresAt: later, updatedAt: later }),
    );
    recording.responder = () => ({ rows: [] });
    expect(await store.findByUuid(row.uuid)).toBeNull();
    expect(recording.statements.at(-1)).toMatchObject({
      sql: selectInstanceByUuid(row.uuid).text,
      parameters: [row.uuid],
    });
  });

  it("maps timeout retry columns, a NULL last error becoming an empty string", async () => {
    const recording = new RecordingDatabase();
    recording.responder = () => ({ rows: [{ ...row, timeout_attempts: 3, timeout_parked_at: later }] });
    const found = await new KyselyWorkflowInstanceStore(recording.db).findByUuid(row.uuid);
    expect(found?.timeoutRetry).toEqual({ attempts: 3, lastError: "", retryAt: null, parkedAt: later });
  });

  it("requires the active transaction for lockByUuid and findExpired", async () => {
    const store = new KyselyWorkflowInstanceStore(new RecordingDatabase().db);
    await expect(store.lockByUuid(row.uuid)).rejects.toThrow(
      new WorkflowError("lockByUuid requires an active transaction"),
    );
    await expect(store.findExpired(1, created)).rejects.toThrow(
      new WorkflowError("findExpired requires an active transaction"),
    );
  });

  it("locks with the FOR UPDATE statement @duraflows/pg runs, inside the transaction", async () => {
    const recording = new RecordingDatabase();
    const store = new KyselyWorkflowInstanceStore(recording.db);
    expect(await statementsOf(recording, () => store.lockByUuid(row.uuid))).toEqual([
      { sql: lockInstanceByUuid(row.uuid).text, parameters: [row.uuid] },
    ]);
    expect(lockInstanceByUuid(row.uuid).text).toMatch(/WHERE uuid = \$1\nFOR UPDATE$/);
  });

  it("maps the locked row, or returns null when the instance is missing", async () => {
    const recording = new RecordingDatabase();
    const store = new KyselyWorkflowInstanceStore(recording.db);
    recording.responder = ({ sql }) => (/workflow_instances/.test(sql) ? { rows: [row] } : undefined);
    const locked = await KyselyTransactionContext.transaction(recording.db, () => store.lockByUuid(row.uuid));
    expect(locked).toEqual(
      await KyselyTransactionContext.transaction(recording.db, () => store.findByUuid(row.uuid)),
    );
    expect(locked?.uuid).toBe(row.uuid);
    recording.responder = () => undefined;
    expect(
      await KyselyTransactionContext.transaction(recording.db, () => store.lockByUuid(row.uuid)),
    ).toBeNull();
  });

  it("finds expired rows due by coalesce(retry, expiry), SKIP LOCKED, excluding active executions before LIMIT", async () => {
    const recording = new RecordingDatabase();
    const store = new KyselyWorkflowInstanceStore(recording.db);
    const due =
      'select * from "workflow_instances" where "expires_at" is not null and "expires_at" < $1 and "timeout_parked_at" is null and ("timeout_retry_at" is null or "timeout_retry_at" < $2) and coalesce("timeout_retry_at", "expires_at") < $3';
    const tail = 'order by coalesce("timeout_retry_at", "expires_at") limit';
    expect(await statementsOf(recording, () => store.findExpired(5, created))).toEqual([
      { sql: `${due} ${tail} $4 for update skip locked`, parameters: [created, created, created, 5] },
    ]);
    const [excluding] = await statementsOf(recording, () =>
      store.findExpired(5, created, { excludeActiveExecutions: true }),
    );
    expect(excluding.sql).toBe(
      `${due} and not exists (select "workflow_executions"."uuid" from "workflow_executions" where "workflow_executions"."workflow_instance_uuid" = "workflow_instances"."uuid" and "workflow_executions"."status" in ($4, $5, $6)) ${tail} $7 for update skip locked`,
    );
    expect(excluding.parameters).toEqual([created, created, created, "pending", "running", "parked", 5]);
  });

  it("lists parked timeouts, filtering by workflow only when given", async () => {
    const recording = new RecordingDatabase();
    const store = new KyselyWorkflowInstanceStore(recording.db);
    await store.findParkedTimeouts({ limit: 3 });
    await store.findParkedTimeouts({ limit: 3, workflowName: "order" });
    expect(recording.statements.map(({ sql, parameters }) => ({ sql, parameters }))).toEqual([
      {
        sql: 'select * from "workflow_instances" where "timeout_parked_at" is not null order by "timeout_parked_at", "uuid" limit $1',
        parameters: [3],
      },
      {
        sql: 'select * from "workflow_instances" where "timeout_parked_at" is not null and "workflow_name" = $1 order by "timeout_parked_at", "uuid" limit $2',
        parameters: ["order", 3],
      },
    ]);
  });

  it("counts with countAll, adding NOT IN only for a non-empty exclusion list, and returns a number", async () => {
    const recording = new RecordingDatabase();
    recording.responder = () => ({ rows: [{ count: "12" }] });
    const store = new KyselyWorkflowInstanceStore(recording.db);
    expect(
      await store.countInstances({ workflowName: "order", definitionVersion: 2, excludeStates: [] }),
    ).toBe(12);
    await store.countInstances({ workflowName: "order", definitionVersion: 2, excludeStates: ["done"] });
    expect(recording.sql()).toEqual([
      'select count(*) as "count" from "workflow_instances" where "workflow_name" = $1 and "definition_version" = $2',
      'select count(*) as "count" from "workflow_instances" where "workflow_name" = $1 and "definition_version" = $2 and "current_state" not in ($3)',
    ]);
  });

  it("pages instance uuids in uuid order with optional cursor and state hints", async () => {
    const recording = new RecordingDatabase();
    recording.responder = () => ({ rows: [{ uuid: "a" }, { uuid: "b" }] });
    const store = new KyselyWorkflowInstanceStore(recording.db);
    const base = { workflowName: "order", definitionVersion: 2, limit: 10 };
    expect(await store.findInstanceUuids(base)).toEqual(["a", "b"]);
    await store.findInstanceUuids({ ...base, afterUuid: "a", states: ["new"], excludeStates: ["done"] });
    await store.findInstanceUuids({ ...base, excludeStates: [] });
    expect(recording.statements.map(({ sql, parameters }) => ({ sql, parameters }))).toEqual([
      {
        sql: 'select "uuid" from "workflow_instances" where "workflow_name" = $1 and "definition_version" = $2 order by "uuid" limit $3',
        parameters: ["order", 2, 10],
      },
      {
        sql: 'select "uuid" from "workflow_instances" where "workflow_name" = $1 and "definition_version" = $2 and "uuid" > $3 and "current_state" in ($4) and "current_state" not in ($5) order by "uuid" limit $6',
        parameters: ["order", 2, "a", "new", "done", 10],
      },
      {
        sql: 'select "uuid" from "workflow_instances" where "workflow_name" = $1 and "definition_version" = $2 order by "uuid" limit $3',
        parameters: ["order", 2, 10],
      },
    ]);
  });

  it("returns [] for an empty states list without querying", async () => {
    const recording = new RecordingDatabase();
    const store = new KyselyWorkflowInstanceStore(recording.db);
    expect(
      await store.findInstanceUuids({ workflowName: "o", definitionVersion: 1, limit: 5, states: [] }),
    ).toEqual([]);
    expect(recording.statements).toEqual([]);
  });
});
