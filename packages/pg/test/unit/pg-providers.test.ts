import { runProviderCompositionScenarios } from "@duraflows/test-support";
import type { Pool } from "pg";
import { describe, expect, it } from "vitest";
import {
  PgTransactionRunner,
  PgWorkflowDefinitionStore,
  PgWorkflowExecutionStore,
  PgWorkflowHistoryStore,
  PgWorkflowIdempotencyStore,
  PgWorkflowInstanceStore,
  PgWorkflowOutboxStore,
  PgWakeNotifier,
  pgWorkflowProviders,
} from "../../src/index.js";

// Constructors never touch the pool, so a stand-in object is enough to check the composition.
const pool = {} as Pool;

runProviderCompositionScenarios("pgWorkflowProviders", {
  build: (options) =>
    options === undefined ? pgWorkflowProviders(pool) : pgWorkflowProviders(pool, options),
  classes: {
    instanceStore: PgWorkflowInstanceStore,
    historyStore: PgWorkflowHistoryStore,
    definitionStore: PgWorkflowDefinitionStore,
    transactionRunner: PgTransactionRunner,
    idempotencyStore: PgWorkflowIdempotencyStore,
    executionStore: PgWorkflowExecutionStore,
    outboxStore: PgWorkflowOutboxStore,
    wakeNotifier: PgWakeNotifier,
  },
});

describe("pgWorkflowProviders", () => {
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
