import { describe, expect, it } from "vitest";
import * as pgAdapter from "../../src/index.js";

describe("@duraflows/pg public exports", () => {
  it("exports exactly the published values, plus the schema migrator", () => {
    expect(Object.keys(pgAdapter).sort()).toEqual(
      [
        "PgTransactionContext",
        "PgTransactionRunner",
        "PgWorkflowDefinitionStore",
        "PgWorkflowExecutionStore",
        "PgWorkflowHistoryStore",
        "PgWorkflowIdempotencyStore",
        "PgWorkflowInstanceStore",
        "PgWorkflowOutboxStore",
        "PgWakeNotifier",
        "createPgWakeSource",
        "generateDurableExecutionMigrationSql",
        "generateHistoryPartitioningSql",
        "generateHistorySequenceMigrationSql",
        "generateIdempotencyMigrationSql",
        "generateInstanceListIndexMigrationSql",
        "generateMigrationSql",
        "generateOutboxMigrationSql",
        "maintainHistoryPartitions",
        "migrate",
        "migrateDown",
        "migrationStatus",
        "partitionHistory",
        "pgMigrations",
        "pgWorkflowProviders",
        "SchemaMigrationError",
      ].sort(),
    );
  });

  it("PgTransactionContext is a plain object with getClient, run and transaction", () => {
    expect(Object.getPrototypeOf(pgAdapter.PgTransactionContext)).toBe(Object.prototype);
    expect(Object.keys(pgAdapter.PgTransactionContext).sort()).toEqual(["getClient", "run", "transaction"]);
  });
});
