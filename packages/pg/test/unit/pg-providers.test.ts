import type { Pool } from "pg";
import { describe, expect, it } from "vitest";
import {
  PgTransactionRunner,
  PgWorkflowDefinitionStore,
  PgWorkflowExecutionStore,
  PgWorkflowHistoryStore,
  PgWorkflowIdempotencyStore,
  PgWorkflowInstanceStore,
  pgWorkflowProviders,
} from "../../src/index.js";

// Constructors never touch the pool, so a stand-in object is enough to check the composition.
const pool = {} as Pool;

describe("pgWorkflowProviders", () => {
  it("gives the base provider without options: the optional stores are absent, not undefined", () => {
    const provider = pgWorkflowProviders(pool);
    expect(Object.keys(provider).sort()).toEqual([
      "definitionStore",
      "historyStore",
      "instanceStore",
      "transactionRunner",
    ]);
    expect(provider.instanceStore).toBeInstanceOf(PgWorkflowInstanceStore);
    expect(provider.historyStore).toBeInstanceOf(PgWorkflowHistoryStore);
    expect(provider.definitionStore).toBeInstanceOf(PgWorkflowDefinitionStore);
    expect(provider.transactionRunner).toBeInstanceOf(PgTransactionRunner);
    expect(
      Object.keys(pgWorkflowProviders(pool, { idempotency: false, durableExecution: false })),
    ).toHaveLength(4);
  });

  it("adds the idempotency and execution stores independently when enabled", () => {
    const idempotent = pgWorkflowProviders(pool, { idempotency: true });
    expect(idempotent.idempotencyStore).toBeInstanceOf(PgWorkflowIdempotencyStore);
    expect("executionStore" in idempotent).toBe(false);
    const durable = pgWorkflowProviders(pool, { durableExecution: true });
    expect(durable.executionStore).toBeInstanceOf(PgWorkflowExecutionStore);
    expect("idempotencyStore" in durable).toBe(false);
  });

  it("builds the runner with the same options object (its validation applies)", () => {
    expect(() => pgWorkflowProviders(pool, { statementTimeoutMs: -5 })).toThrow(
      "statementTimeoutMs must be a non-negative integer number of milliseconds, got -5",
    );
  });

  it("the transaction requirement of locking reads is enforced without touching the database", async () => {
    const provider = pgWorkflowProviders(pool, { idempotency: true, durableExecution: true });
    await expect(provider.instanceStore.lockByUuid("u")).rejects.toThrow(
      "lockByUuid requires an active transaction",
    );
    await expect(provider.instanceStore.findExpired(1, new Date())).rejects.toThrow(
      "findExpired requires an active transaction",
    );
    await expect(provider.idempotencyStore!.find("u", "k")).rejects.toThrow(
      "WorkflowIdempotencyStore requires an active transaction",
    );
    await expect(provider.executionStore!.update({} as never)).rejects.toThrow(
      "WorkflowExecutionStore writes require an active transaction",
    );
    expect(provider.transactionRunner.isTransactionActive!()).toBe(false);
    expect(() => provider.transactionRunner.afterCommit!(() => undefined)).toThrow(
      "afterCommit requires an active transaction",
    );
  });
});
