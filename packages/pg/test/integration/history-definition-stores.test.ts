import { WorkflowError, type WorkflowDefinition } from "@duraflows/core";
import type pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PgTransactionRunner } from "../../src/pg-transaction-runner.js";
import { PgWorkflowDefinitionStore } from "../../src/pg-workflow-definition-store.js";
import { PgWorkflowHistoryStore } from "../../src/pg-workflow-history-store.js";
import { PgWorkflowInstanceStore } from "../../src/pg-workflow-instance-store.js";
import { instanceFixture } from "../support/fixtures.js";
import { createPgTestSchema, type PgTestSchema } from "../support/pg-test-schema.js";

describe("PgWorkflowHistoryStore and PgWorkflowDefinitionStore against PostgreSQL", () => {
  let env: PgTestSchema;
  let pool: pg.Pool;
  let history: PgWorkflowHistoryStore;
  let runner: PgTransactionRunner;
  let instanceUuid: string;

  beforeAll(async () => {
    env = await createPgTestSchema("pg-history-definitions", "duraflows_pg_it");
    pool = env.pool;
    history = new PgWorkflowHistoryStore(pool);
    runner = new PgTransactionRunner(pool);
  });
  beforeEach(async () => {
    await env.truncate();
    const instance = instanceFixture();
    instanceUuid = instance.uuid;
    await new PgWorkflowInstanceStore(pool).create(instance);
  });
  afterAll(async () => {
    await env?.drop();
  });

  it("round-trips a guard-rejected row, definitionVersion and a database-assigned createdAt", async () => {
    const before = (await pool.query("SELECT now() AS now")).rows[0].now as Date;
    const uuid = await history.append({
      workflowInstanceUuid: instanceUuid,
      fromState: "open",
      eventName: "approve",
      toState: "open",
      outcome: "guard-rejected",
      rejectedBy: "isManager",
      commandResultsJson: [],
      triggerMetadata: { actor: "u1" },
      definitionVersion: 3,
    });
    expect(uuid).toMatch(/^[0-9a-f-]{36}$/);
    const [row] = await history.findByInstanceUuid(instanceUuid);
    expect(row).toEqual({
      uuid,
      workflowInstanceUuid: instanceUuid,
      fromState: "open",
      eventName: "approve",
      toState: "open",
      outcome: "guard-rejected",
      errorMessage: undefined,
      rejectedBy: "isManager",
      commandResultsJson: [],
      triggerMetadata: { actor: "u1" },
      definitionVersion: 3,
      createdAt: expect.any(Date),
    });
    expect(row.createdAt!.getTime()).toBeGreaterThanOrEqual(before.getTime());
  });

  it("maps NULL columns to undefined and defaults trigger metadata to {}", async () => {
    await history.append({
      workflowInstanceUuid: instanceUuid,
      fromState: null,
      eventName: "start",
      toState: "open",
      outcome: "failure",
      errorMessage: "boom",
      commandResultsJson: [{ ok: false, code: "E1" }],
    });
    const [row] = await history.findByInstanceUuid(instanceUuid);
    expect(row.fromState).toBeNull();
    expect(row.errorMessage).toBe("boom");
    expect(row.rejectedBy).toBeUndefined();
    expect(row.definitionVersion).toBeUndefined();
    expect(row.triggerMetadata).toEqual({});
    expect(row.commandResultsJson).toEqual([{ ok: false, code: "E1" }]);
  });

  it("orders newest transaction first; rows of one transaction share created_at and come back in reverse write order", async () => {
    const append = (eventName: string) =>
      history.append({
        workflowInstanceUuid: instanceUuid,
        fromState: "a",
        eventName,
        toState: "b",
        outcome: "success",
        commandResultsJson: [],
      });
    const written = Array.from({ length: 12 }, (_, i) => `h${i + 1}`);
    await runner.runInTransaction(async () => {
      for (const name of written) await append(name);
    });
    await runner.runInTransaction(() => append("later"));
    const rows = await history.findByInstanceUuid(instanceUuid);
    expect(rows[0].eventName).toBe("later");
    const sameTx = rows.slice(1);
    expect(new Set(sameTx.map((r) => r.createdAt!.getTime())).size).toBe(1);
    expect(sameTx.map((r) => r.eventName)).toEqual([...written].reverse());
    expect(
      (await history.findByInstanceUuid(instanceUuid, { limit: 2, offset: 1 })).map((r) => r.eventName),
    ).toEqual(sameTx.slice(0, 2).map((r) => r.eventName));
  });

  it("pages 50 rows by default", async () => {
    await pool.query(
      `INSERT INTO workflow_history (workflow_instance_uuid, event_name, to_state, outcome)
       SELECT $1, 'e' || g, 'b', 'success' FROM generate_series(1, 55) AS g`,
      [instanceUuid],
    );
    expect(await history.findByInstanceUuid(instanceUuid)).toHaveLength(50);
    expect(await history.findByInstanceUuid(instanceUuid, { offset: 50 })).toHaveLength(5);
  });

  it("an append for an unknown instance raises the driver's foreign-key error unchanged", async () => {
    const error = await history
      .append({
        workflowInstanceUuid: "00000000-0000-4000-8000-0000000000ff",
        fromState: null,
        eventName: "x",
        toState: "y",
        outcome: "success",
        commandResultsJson: [],
      })
      .catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(WorkflowError);
    expect((error as { code?: string }).code).toBe("23503");
  });

  it("concurrent ensure calls for one version store exactly one row and all return it", async () => {
    const definitions = new PgWorkflowDefinitionStore(pool);
    const definition = (n: number) =>
      ({
        name: "concurrent",
        version: 1,
        initialState: "a",
        states: { a: {} },
        n,
      }) as unknown as WorkflowDefinition;
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, n) =>
        definitions.ensure({
          workflowName: "concurrent",
          version: 1,
          contentHash: `sha256:${n}`,
          definitionJson: definition(n),
        }),
      ),
    );
    expect(new Set(results.map((r) => r.contentHash)).size).toBe(1);
    expect(results[0].registeredAt).toBeInstanceOf(Date);
    expect(await definitions.listVersions("concurrent")).toHaveLength(1);
  });

  it("a definition written in a rolled-back transaction is gone; one in a committed transaction stays", async () => {
    const definitions = new PgWorkflowDefinitionStore(pool);
    const input = (version: number) => ({
      workflowName: "tx",
      version,
      contentHash: "sha256:x",
      definitionJson: {
        name: "tx",
        version,
        initialState: "a",
        states: { a: {} },
      } as unknown as WorkflowDefinition,
    });
    await expect(
      runner.runInTransaction(async () => {
        await definitions.ensure(input(1));
        throw new Error("rollback");
      }),
    ).rejects.toThrow("rollback");
    await runner.runInTransaction(() => definitions.ensure(input(2)));
    expect((await definitions.listVersions("tx")).map((d) => d.version)).toEqual([2]);
  });
});
